import { Check, Column, Entity, Index } from 'typeorm';
import { UuidPrimaryColumn } from '@mc/database';
import type { AuditActorType } from './audit-chain.js';

/**
 * One row of the insert-only, hash-chained audit log. A trigger refuses UPDATE, DELETE and
 * TRUNCATE, and the app role has no such grants. `hash` = HMAC-SHA256 under a key derived from the
 * master key over prevHash and the canonical JSON of the row (chain version 2; rows written
 * before it keep the unkeyed SHA-256 of version 1), see audit-chain.ts. Signed checkpoints
 * (`audit_checkpoints`) make a cut-off tail visible. `details` never holds personal data.
 */
@Entity({ name: 'audit_events' })
@Check('chk_audit_events_actor_type', `"actor_type" IN ('user', 'partner', 'system', 'public', 'bot')`)
@Check('chk_audit_events_at_ms', `"at" = date_trunc('milliseconds', "at")`)
@Check('chk_audit_events_chain_version', `"chain_version" IN (1, 2)`)
@Index('idx_audit_events_entity', ['entityType', 'entityId', 'seq'])
@Index('idx_audit_events_actor', ['actorId', 'seq'])
export class AuditEvent {
  @UuidPrimaryColumn('PK_audit_events')
  id!: string;

  /** Chain order, assigned by Postgres under the chain lock. A bigint, so a string in JS. */
  @Index('uq_audit_events_seq', { unique: true })
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  /**
   * Set in JS (millisecond precision) and inserted, so it reads back identical for the hash;
   * a CHECK refuses sub-millisecond values, which the hash could not see.
   */
  @Index('idx_audit_events_at')
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: AuditActorType;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** `auth.login`, `user.update`, `worker.read`... */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType!: string | null;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /** Ids, field names and enum values only: NEVER personal data. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** 1: unkeyed SHA-256 (rows from before the keyed chain); 2: HMAC-SHA256. No default: the writer says. */
  @Column({ name: 'chain_version', type: 'smallint' })
  chainVersion!: number;
}
