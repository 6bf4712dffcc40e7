import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_PRIORITIES,
  type ComplaintCategory,
  type ComplaintPriority,
} from '@mc/complaints';
import { IsCalendarDate, IsNotBefore, IsRegionOf, REGION_PATTERN } from './complaint-validators.js';
import { FACTS_MAX, SUMMARY_MAX } from '@mc/complaints';
import { KeyDatesDto } from './key-dates.dto.js';
import { MoneyDto } from './money.dto.js';

/** Present (also as null) → validated; null is refused by the field's own rules. */
const Given = () => ValidateIf((_object, value) => value !== undefined);

/**
 * PATCH /complaints/:id. Absent fields stay; `null` clears an optional field (facts, region, city,
 * employment dates, a key date, amountClaimed). Workers and employer are not changed here.
 * Rules across fields (region within the country, end not before start) are checked against the
 * stored complaint too.
 */
export class UpdateComplaintDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: SUMMARY_MAX })
  @Given()
  @IsString()
  @MinLength(1)
  @MaxLength(SUMMARY_MAX)
  @Matches(/\S/, { message: 'summary must not be blank' })
  summary?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: FACTS_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(FACTS_MAX)
  facts?: string | null;

  @ApiPropertyOptional({ enum: COMPLAINT_CATEGORIES, isArray: true, minItems: 1 })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COMPLAINT_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(COMPLAINT_CATEGORIES, { each: true })
  categories?: ComplaintCategory[];

  @ApiPropertyOptional({ example: 'DE' })
  @Given()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfWork must be two upper-case letters (ISO 3166-1 alpha-2)' })
  @IsISO31661Alpha2()
  countryOfWork?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'DE-NW', pattern: REGION_PATTERN.source })
  @IsOptional()
  @IsRegionOf('countryOfWork')
  region?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  employmentStart?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('employmentStart')
  employmentEnd?: string | null;

  @ApiPropertyOptional({ type: KeyDatesDto, description: 'Only the dates given change; null clears one' })
  @Given()
  @IsObject()
  @ValidateNested()
  @Type(() => KeyDatesDto)
  keyDates?: KeyDatesDto;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amountClaimed?: MoneyDto | null;

  @ApiPropertyOptional({ minimum: 1 })
  @Given()
  @IsInt()
  @Min(1)
  @Max(100_000)
  workersAffected?: number;

  @ApiPropertyOptional({ enum: COMPLAINT_PRIORITIES })
  @Given()
  @IsIn(COMPLAINT_PRIORITIES)
  priority?: ComplaintPriority;

  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
