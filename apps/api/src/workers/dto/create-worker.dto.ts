import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RESIDENCE_STATUSES, type ResidenceStatus } from '@mc/migrants';
import { ConsentDto } from './consent.dto.js';
import {
  COUNTRY,
  E164,
  LANGUAGE_TAG,
  MESSAGES,
  NOT_BLANK,
  stripPhoneSeparators,
  TELEGRAM_HANDLE,
} from './worker-validation.js';

export class CreateWorkerDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    description: 'As the person writes it, any script',
    example: 'Тарас Шевченко',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: MESSAGES.notBlank('fullName') })
  fullName!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Latin transliteration', example: 'Taras Shevchenko' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullNameLatin?: string;

  @ApiProperty({ maxLength: 35, description: 'BCP 47 tag', example: 'uk' })
  @IsString()
  @MaxLength(35)
  @Matches(LANGUAGE_TAG, { message: MESSAGES.language })
  preferredLanguage!: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2, upper case', example: 'UA' })
  @IsOptional()
  @IsString()
  @Matches(COUNTRY, { message: MESSAGES.country('nationality') })
  @IsISO31661Alpha2({ message: MESSAGES.country('nationality') })
  nationality?: string;

  @ApiPropertyOptional({
    description: 'E.164; spaces, dashes, dots and parentheses are dropped first (stored as +491512345678)',
    example: '+49 151 2345678',
  })
  @IsOptional()
  @Transform(stripPhoneSeparators)
  @IsString()
  @Matches(E164, { message: MESSAGES.phone })
  phone?: string;

  @ApiPropertyOptional({ maxLength: 254, example: 'taras@example.org' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'Telegram handle with @', example: '@taras_sh' })
  @IsOptional()
  @IsString()
  @Matches(TELEGRAM_HANDLE, { message: MESSAGES.telegram })
  telegram?: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2, upper case', example: 'DE' })
  @IsString()
  @Matches(COUNTRY, { message: MESSAGES.country('countryOfWork') })
  @IsISO31661Alpha2({ message: MESSAGES.country('countryOfWork') })
  countryOfWork!: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Düsseldorf' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiProperty({ enum: RESIDENCE_STATUSES })
  @IsIn(RESIDENCE_STATUSES)
  residenceStatus!: ResidenceStatus;

  @ApiProperty({ type: ConsentDto })
  @IsDefined({ message: 'consent is required: record whether the worker agreed to the processing of their data' })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;
}
