import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_PRIORITIES,
  type ComplaintCategory,
  type ComplaintPriority,
} from '@mc/complaints';
import { IsCalendarDate, IsNotBefore, IsRegionOf, REGION_PATTERN, lowerCaseIds } from './complaint-validators.js';
import { FACTS_MAX, SUMMARY_MAX } from '@mc/complaints';
import { KeyDatesDto } from './key-dates.dto.js';
import { MoneyDto } from './money.dto.js';

export const MAX_WORKERS_PER_COMPLAINT = 50;
export const MAX_INTERMEDIARIES = 20;

export class CreateComplaintDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_WORKERS_PER_COMPLAINT })
  @Transform(lowerCaseIds)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WORKERS_PER_COMPLAINT)
  @ArrayUnique({ message: 'workerIds must not repeat a worker' })
  @IsUUID('all', { each: true })
  workerIds!: string[];

  @ApiProperty({ format: 'uuid', description: 'A merged employer is followed to the record it was merged into' })
  @IsUUID('all')
  employerId!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_INTERMEDIARIES })
  @IsOptional()
  @Transform(lowerCaseIds)
  @IsArray()
  @ArrayMaxSize(MAX_INTERMEDIARIES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  intermediaryEmployerIds?: string[];

  @ApiProperty({ enum: COMPLAINT_CATEGORIES, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COMPLAINT_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(COMPLAINT_CATEGORIES, { each: true })
  categories!: ComplaintCategory[];

  @ApiProperty({ minLength: 1, maxLength: SUMMARY_MAX, description: 'Stored encrypted' })
  @IsString()
  @MinLength(1)
  @MaxLength(SUMMARY_MAX)
  @Matches(/\S/, { message: 'summary must not be blank' })
  summary!: string;

  @ApiPropertyOptional({ maxLength: FACTS_MAX, description: 'Stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(FACTS_MAX)
  facts?: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfWork must be two upper-case letters (ISO 3166-1 alpha-2)' })
  @IsISO31661Alpha2()
  countryOfWork!: string;

  @ApiPropertyOptional({
    example: 'DE-NW',
    pattern: REGION_PATTERN.source,
    description: 'ISO 3166-2 within countryOfWork: decides the holiday calendar of deadlines',
  })
  @IsOptional()
  @IsRegionOf('countryOfWork')
  region?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city?: string;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  employmentStart?: string;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('employmentStart')
  employmentEnd?: string;

  @ApiPropertyOptional({ type: KeyDatesDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => KeyDatesDto)
  keyDates?: KeyDatesDto;

  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountClaimed?: MoneyDto;

  @ApiPropertyOptional({ minimum: 1, description: 'Default: the number of workerIds; never fewer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  workersAffected?: number;

  @ApiPropertyOptional({ enum: COMPLAINT_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(COMPLAINT_PRIORITIES)
  priority?: ComplaintPriority;
}
