import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RESIDENCE_STATUSES, type ResidenceStatus } from '@mc/migrants';
import { UpdateConsentDto } from './consent.dto.js';
import {
  COUNTRY,
  E164,
  LANGUAGE_TAG,
  MESSAGES,
  NOT_BLANK,
  stripPhoneSeparators,
  TELEGRAM_HANDLE,
} from './worker-validation.js';

/**
 * PATCH /workers/:id: an absent field is left alone; `null` clears an optional field (required
 * ones refuse null). `version` (or `If-Match`) makes the change conditional.
 */
export class UpdateWorkerDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @ValidateIf((o: UpdateWorkerDto) => o.fullName !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: MESSAGES.notBlank('fullName') })
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullNameLatin?: string | null;

  @ApiPropertyOptional({ maxLength: 35, description: 'BCP 47 tag' })
  @ValidateIf((o: UpdateWorkerDto) => o.preferredLanguage !== undefined)
  @IsString()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: MESSAGES.language })
  preferredLanguage?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2, upper case' })
  @IsOptional()
  @IsString()
  @Matches(COUNTRY, { message: MESSAGES.country('nationality') })
  @IsISO31661Alpha2({ message: MESSAGES.country('nationality') })
  nationality?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'E.164 (separators are dropped first)' })
  @IsOptional()
  @Transform(stripPhoneSeparators)
  @IsString()
  @Matches(E164, { message: MESSAGES.phone })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Telegram handle with @' })
  @IsOptional()
  @IsString()
  @Matches(TELEGRAM_HANDLE, { message: MESSAGES.telegram })
  telegram?: string | null;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2, upper case' })
  @ValidateIf((o: UpdateWorkerDto) => o.countryOfWork !== undefined)
  @IsString()
  @Matches(COUNTRY, { message: MESSAGES.country('countryOfWork') })
  @IsISO31661Alpha2({ message: MESSAGES.country('countryOfWork') })
  countryOfWork?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({ enum: RESIDENCE_STATUSES })
  @ValidateIf((o: UpdateWorkerDto) => o.residenceStatus !== undefined)
  @IsIn(RESIDENCE_STATUSES)
  residenceStatus?: ResidenceStatus;

  @ApiPropertyOptional({
    type: UpdateConsentDto,
    description: 'Given fields replace the stored ones; the consent is then recorded anew (time, text version)',
  })
  @ValidateIf((o: UpdateWorkerDto) => o.consent !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateConsentDto)
  consent?: UpdateConsentDto;

  @ApiPropertyOptional({ minimum: 1, description: 'The version you read; stale → 409 (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
