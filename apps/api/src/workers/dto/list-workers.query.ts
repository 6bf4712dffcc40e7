import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class ListWorkersQuery extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'A phone number, email address or Telegram handle finds exact matches (any usual spelling: `+49 151 2345678`). ' +
      'Anything else searches names: case, diacritics and word order do not matter, Cyrillic and Latin find each ' +
      'other, `fullNameLatin` counts too. A name search looks at up to 5,000 workers per request, newest first; ' +
      'follow `nextCursor` to search further back (a page can then be short or empty).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
