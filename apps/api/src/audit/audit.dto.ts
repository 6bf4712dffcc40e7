import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AUDIT_ACTOR_TYPES, type AuditActorType, type AuditChainProblem, type AuditEvent } from '@mc/security';
import { PageQueryDto } from '../http/pagination.dto.js';

/** `GET /audit` filters; they combine with AND. `limit` (1–200, default 50) and `cursor` as every list. */
export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: AUDIT_ACTOR_TYPES }) actorType!: AuditActorType;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'user.update' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) entityType!: string | null;
  @ApiProperty({ type: String, nullable: true }) entityId!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Client address of the request' }) ip!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and field names only' })
  details!: Record<string, unknown>;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      at: event.at.toISOString(),
      actorType: event.actorType,
      actorId: event.actorId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      requestId: event.requestId,
      ip: event.ip,
      details: event.details,
    };
  }
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page' })
  nextCursor!: string | null;
}

const AUDIT_CHAIN_PROBLEMS: readonly AuditChainProblem[] = [
  'hash-mismatch',
  'broken-link',
  'bad-version',
  'truncated',
  'rewritten',
  'checkpoint-forged',
];

/** The newest signed checkpoint (ids, hashes and counts only). Compare it with the log's checkpoint lines. */
export class AuditCheckpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'seq of the head row (bigint as a string)' })
  headSeq!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) headId!: string | null;
  @ApiProperty({ type: String, nullable: true }) headHash!: string | null;
  @ApiProperty({ description: 'Rows up to and including the head (bigint as a string)' }) rowCount!: string;
}

export class AuditVerifyDto {
  @ApiProperty({
    description:
      'true when every row hashes correctly and links to its predecessor, and the newest signed checkpoint still matches',
  })
  ok!: boolean;
  @ApiProperty({ description: 'Rows checked (up to the first broken one)' }) checked!: number;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'First row that fails, when one does' })
  firstBrokenId!: string | null;
  @ApiProperty({
    enum: AUDIT_CHAIN_PROBLEMS,
    nullable: true,
    description:
      'hash-mismatch: a row was edited; broken-link: a row was removed, inserted or moved; bad-version: an unkeyed ' +
      'row after keyed ones; truncated: rows were cut off before the newest checkpoint; rewritten: the chain differs ' +
      'from the newest checkpoint; checkpoint-forged: the newest checkpoint is not signed with our key',
  })
  problem!: AuditChainProblem | null;
  @ApiProperty({ description: 'Rows of the unkeyed chain version 1, written before the keyed chain' })
  legacyRows!: number;
  @ApiProperty({ type: AuditCheckpointDto, nullable: true, description: 'null until the worker writes the first' })
  checkpoint!: AuditCheckpointDto | null;
}
