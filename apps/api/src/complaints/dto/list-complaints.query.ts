import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_SOURCES,
  COMPLAINT_STATUSES,
  type ComplaintCategory,
  type ComplaintSource,
  type ComplaintStatus,
} from '@mc/complaints';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class ListComplaintsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: ComplaintStatus;

  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES })
  @IsOptional()
  @IsIn(COMPLAINT_CATEGORIES)
  category?: ComplaintCategory;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  employerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  assigneeId?: string;

  @ApiPropertyOptional({
    enum: COMPLAINT_SOURCES,
    description: '`public_intake` with `status=new`: the triage list of complaints migrants filed themselves',
  })
  @IsOptional()
  @IsIn(COMPLAINT_SOURCES)
  source?: ComplaintSource;

  @ApiPropertyOptional({ example: 'DE' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be two upper-case letters' })
  country?: string;

  @ApiPropertyOptional({
    example: 'MC-2026-0004',
    description: 'A reference or its beginning. Summary, facts and notes are encrypted at rest and cannot be searched.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  q?: string;

  @ApiPropertyOptional({
    description: 'true: only complaints with an open escalation step past its deadline; false: only those without',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}
