import { ApiProperty } from '@nestjs/swagger';
import {
  EMPLOYER_KINDS,
  type CreatedEmployer,
  type DuplicatePair,
  type EmployerDetail,
  type EmployerKind,
  type EmployerRef,
  type EmployerSearchHit,
  type EmployerStats,
  type EmployerView,
  type MergeResult,
  type PossibleDuplicate,
} from '@mc/employers';
import { MoneyDto } from '../complaints/dto/money.dto.js';

export class EmployerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ enum: EMPLOYER_KINDS }) kind!: EmployerKind;
  @ApiProperty({ type: String, nullable: true }) registryNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) vatId!: string | null;
  @ApiProperty({ example: 'DE' }) country!: string;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "A household's address is personal data: shown only to case roles, on GET /employers/:id (audited), " +
      'create, update and merge responses; null in lists and for analysts.',
  })
  address!: string | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'NACE section letter' }) sector!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentEmployerId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set on a merged (redirecting) employer' })
  mergedIntoId!: string | null;
  @ApiProperty({
    description:
      "False for an employer opened from a migrant's own words on the intake page that no caseworker has checked yet; " +
      'PATCH `verified: true` once checked',
  })
  verified!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;

  static from(view: EmployerView): EmployerDto {
    return {
      id: view.id,
      name: view.name,
      aliases: view.aliases,
      kind: view.kind,
      registryNumber: view.registryNumber,
      vatId: view.vatId,
      country: view.country,
      city: view.city,
      address: view.address,
      website: view.website,
      sector: view.sector,
      parentEmployerId: view.parentEmployerId,
      mergedIntoId: view.mergedIntoId,
      verified: view.verified,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
      version: view.version,
    };
  }
}

export class EmployerPossibleDuplicateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ minimum: 0, maximum: 1, description: '1 = same registry number; else trigram similarity' })
  score!: number;

  static from(d: PossibleDuplicate): EmployerPossibleDuplicateDto {
    return { id: d.id, name: d.name, score: d.score };
  }
}

export class CreatedEmployerDto extends EmployerDto {
  @ApiProperty({
    type: [EmployerPossibleDuplicateDto],
    description:
      'Existing employers this one may duplicate (same registry number or similar name), best first, up to 5',
  })
  possibleDuplicates!: EmployerPossibleDuplicateDto[];

  static fromCreated(created: CreatedEmployer): CreatedEmployerDto {
    return {
      ...EmployerDto.from(created.employer),
      possibleDuplicates: created.possibleDuplicates.map((d) => EmployerPossibleDuplicateDto.from(d)),
    };
  }
}

export class EmployerStatsDto {
  @ApiProperty() complaints!: number;
  @ApiProperty() workersAffected!: number;
  @ApiProperty({ description: 'Complaints not resolved, closed or rejected' }) openComplaints!: number;
  @ApiProperty({ type: [MoneyDto], description: 'Totals per currency' }) amountClaimed!: MoneyDto[];
  @ApiProperty({ type: [MoneyDto], description: 'Totals per currency' }) amountRecovered!: MoneyDto[];

  static from(stats: EmployerStats): EmployerStatsDto {
    return { ...stats };
  }
}

export class EmployerDetailDto extends EmployerDto {
  @ApiProperty({ type: EmployerStatsDto, description: 'Over complaints naming this employer (not as intermediary)' })
  stats!: EmployerStatsDto;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'Merged employers redirect: GET of a merged id answers 200 with the merge target (also after later ' +
      'merges), `Content-Location` pointing at it, and the requested id here. null for a live employer.',
  })
  redirectedFrom!: string | null;

  static fromDetail(detail: EmployerDetail, stats: EmployerStats): EmployerDetailDto {
    return {
      ...EmployerDto.from(detail.employer),
      stats: EmployerStatsDto.from(stats),
      redirectedFrom: detail.redirectedFrom,
    };
  }
}

export class EmployerSearchItemDto extends EmployerDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '0–1: 1 for an exact registry number, else the best trigram similarity of name or alias; null without q',
  })
  score!: number | null;

  static fromHit(hit: EmployerSearchHit): EmployerSearchItemDto {
    return { ...EmployerDto.from(hit.employer), score: hit.score };
  }
}

export class EmployerSearchPageDto {
  @ApiProperty({ type: [EmployerSearchItemDto] }) items!: EmployerSearchItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class EmployerRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: EMPLOYER_KINDS }) kind!: EmployerKind;
  @ApiProperty() country!: string;
  @ApiProperty({ type: String, nullable: true }) registryNumber!: string | null;

  static from(ref: EmployerRef): EmployerRefDto {
    return { ...ref };
  }
}

export class DuplicatePairDto {
  @ApiProperty({ type: EmployerRefDto }) first!: EmployerRefDto;
  @ApiProperty({ type: EmployerRefDto }) second!: EmployerRefDto;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ enum: ['registry_number', 'name'], isArray: true }) reasons!: ('registry_number' | 'name')[];

  static from(pair: DuplicatePair): DuplicatePairDto {
    return {
      first: EmployerRefDto.from(pair.first),
      second: EmployerRefDto.from(pair.second),
      score: pair.score,
      reasons: pair.reasons,
    };
  }
}

export class DuplicatePageDto {
  @ApiProperty({ type: [DuplicatePairDto] }) items!: DuplicatePairDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class MergeCountsDto {
  @ApiProperty() complaintsMoved!: number;
  @ApiProperty() intermediaryLinksMoved!: number;
  @ApiProperty() intermediaryLinksRemoved!: number;
  @ApiProperty() aliasesMoved!: number;
  @ApiProperty() childrenMoved!: number;
}

export class MergedEmployerDto extends EmployerDto {
  @ApiProperty({ type: MergeCountsDto }) merged!: MergeCountsDto;

  static fromMerge(result: MergeResult): MergedEmployerDto {
    return { ...EmployerDto.from(result.employer), merged: { ...result.counts } };
  }
}
