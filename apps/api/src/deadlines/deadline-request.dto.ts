import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { isPeriod, isPlainDate, REGION_CODE_PATTERN } from '@mc/deadlines';

const COUNTRY = /^[A-Z]{2}$/;
const RULE_ID = /^[a-z]{2}\.[a-z0-9.-]{1,60}$/;

function IsPlainDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainDate',
      validator: {
        validate: (value) => isPlainDate(value),
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a real calendar date as YYYY-MM-DD`,
      },
    },
    options,
  );
}

function IsPeriod(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPeriod',
      validator: {
        validate: (value) => isPeriod(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'period'} must be an ISO 8601 duration of whole days, weeks, months or years (e.g. P2M)`,
      },
    },
    options,
  );
}

export class DeadlineRulesQueryDto {
  @ApiPropertyOptional({ example: 'DE', description: 'Only the rules of this country (ISO 3166-1 alpha-2)' })
  @IsOptional()
  @IsString()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166-1 alpha-2 code such as DE' })
  country?: string;
}

export class ComputeDeadlineDto {
  @ApiProperty({ example: 'de.kschg.4' })
  @IsString()
  @MaxLength(64)
  @Matches(RULE_ID, { message: 'ruleId must be a rule id such as de.kschg.4' })
  ruleId!: string;

  @ApiProperty({ format: 'date', example: '2026-03-13', description: 'The trigger event; that day is not counted' })
  @IsPlainDate()
  eventDate!: string;

  @ApiPropertyOptional({
    example: 'DE-NW',
    description: 'Place of work, ISO 3166-2, in the country of the rule; without it only national holidays count',
  })
  @IsOptional()
  @IsString()
  @Matches(REGION_CODE_PATTERN, { message: 'region must be an ISO 3166-2 code such as DE-NW' })
  region?: string;

  @ApiPropertyOptional({
    example: 'P2M',
    description: 'Another period, only for rules that allow it (de.ausschlussfrist)',
  })
  @IsOptional()
  @IsPeriod()
  period?: string;
}
