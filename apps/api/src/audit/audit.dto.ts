import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AUDIT_ACTOR_TYPES, type AuditActorType, type AuditEvent } from '@mc/security';
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

export class AuditVerifyDto {
  @ApiProperty({ description: 'true when every row hashes correctly and links to its predecessor' }) ok!: boolean;
  @ApiProperty({ description: 'Rows checked (up to the first broken one)' }) checked!: number;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) firstBrokenId!: string | null;
}
