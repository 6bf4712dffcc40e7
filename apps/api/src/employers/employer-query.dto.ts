import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto.js';

export class EmployerSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Fuzzy: typos, word order, legal forms and Cyrillic ↔ Latin (`Строймонтаж` finds `Stroymontazh GmbH`); ' +
      'an exact registry number (`HRB 12345`) ranks first. Results are ranked by `score`. ' +
      'Without q: all employers by name.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'DE', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be two upper-case letters' })
  country?: string;
}
