import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  COMPLAINT_OUTCOMES,
  COMPLAINT_STATUSES,
  NOTE_VISIBILITIES,
  type ComplaintOutcome,
  type ComplaintStatus,
  type NoteVisibility,
} from '@mc/complaints';
import { MoneyDto } from './money.dto.js';

export class TransitionDto {
  @ApiProperty({ enum: COMPLAINT_STATUSES })
  @IsIn(COMPLAINT_STATUSES)
  to!: ComplaintStatus;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Required to reject and to reopen a resolved complaint. Stored encrypted.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ enum: COMPLAINT_OUTCOMES, description: 'Required (only) when resolving' })
  @IsOptional()
  @IsIn(COMPLAINT_OUTCOMES)
  outcome?: ComplaintOutcome;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required for paid_in_full, paid_partly and settled' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  recovered?: MoneyDto;

  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class AssignDto {
  @ApiProperty({ format: 'uuid', description: 'An active caseworker, coordinator or admin' })
  @IsUUID('all')
  userId!: string;

  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: 10_000, description: 'Stored encrypted' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body!: string;

  @ApiPropertyOptional({
    enum: NOTE_VISIBILITIES,
    default: 'internal',
    description: '`worker` notes show on the public status page',
  })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: NoteVisibility;
}

export class AttachmentUploadQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Whose document this is (a worker of the complaint); it is encrypted under that person's key, so erasing " +
      'them shreds it. May be left out when the complaint concerns one worker; required (400) when several.',
  })
  @IsOptional()
  @IsUUID()
  workerId?: string;
}
