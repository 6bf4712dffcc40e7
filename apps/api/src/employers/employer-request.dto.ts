import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { EMPLOYER_KINDS, type EmployerKind } from '@mc/employers';

const NOT_BLANK = /\S/;
const COUNTRY = /^[A-Z]{2}$/;
const NACE_SECTION = /^[A-U]$/;
const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'] };

export class CreateEmployerDto {
  @ApiProperty({ minLength: 1, maxLength: 300, example: 'Stroymontazh GmbH' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Other names (brands, Cyrillic spellings); each 1–300 characters',
    example: ['ООО «Строймонтаж»'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(300, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'aliases must not be blank' })
  aliases?: string[];

  @ApiProperty({ enum: EMPLOYER_KINDS })
  @IsIn(EMPLOYER_KINDS)
  kind!: EmployerKind;

  @ApiPropertyOptional({ maxLength: 64, example: 'HRB 12345', description: 'HRB, SIREN/SIRET, KRS/NIP, KvK, IČO' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registryNumber?: string;

  @ApiPropertyOptional({ maxLength: 32 })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  vatId?: string;

  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2, upper case' })
  @IsString()
  @Matches(COUNTRY, { message: 'country must be two upper-case letters' })
  @IsISO31661Alpha2()
  country!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  city?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Stored encrypted for households (personal data)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'https://example.org' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsUrl(URL_OPTIONS)
  website?: string;

  @ApiPropertyOptional({ description: 'NACE section letter A–U', example: 'F' })
  @IsOptional()
  @IsString()
  @Matches(NACE_SECTION, { message: 'sector must be a NACE section letter A–U' })
  sector?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The client an agency places workers at; a merged employer is replaced by its merge target',
  })
  @IsOptional()
  @IsUUID()
  parentEmployerId?: string;
}

/** PATCH: absent = unchanged, null clears an optional field, `aliases` replaces the whole list. */
export class UpdateEmployerDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @ValidateIf((o: UpdateEmployerDto) => o.name !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Replaces all aliases' })
  @ValidateIf((o: UpdateEmployerDto) => o.aliases !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(300, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'aliases must not be blank' })
  aliases?: string[];

  @ApiPropertyOptional({ enum: EMPLOYER_KINDS })
  @ValidateIf((o: UpdateEmployerDto) => o.kind !== undefined)
  @IsIn(EMPLOYER_KINDS)
  kind?: EmployerKind;

  @ApiPropertyOptional({ maxLength: 64, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registryNumber?: string | null;

  @ApiPropertyOptional({ maxLength: 32, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  vatId?: string | null;

  @ApiPropertyOptional({ example: 'DE' })
  @ValidateIf((o: UpdateEmployerDto) => o.country !== undefined)
  @IsString()
  @Matches(COUNTRY, { message: 'country must be two upper-case letters' })
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  city?: string | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsUrl(URL_OPTIONS)
  website?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(NACE_SECTION, { message: 'sector must be a NACE section letter A–U' })
  sector?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  parentEmployerId?: string | null;

  @ApiPropertyOptional({ description: 'Set true once a caseworker checked an employer opened from the intake page' })
  @IsOptional()
  @IsBoolean()
  verified?: boolean;

  @ApiPropertyOptional({ description: 'Expected version (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class MergeEmployersDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate that is folded into the employer in the path' })
  @IsUUID()
  sourceId!: string;
}
