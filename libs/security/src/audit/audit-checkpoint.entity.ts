import { Check, Column, Entity, Index } from 'typeorm';
import { UuidPrimaryColumn } from '@mc/database';

/**
 * A signed statement "at `at`, the audit chain ended at row `headId` (seq `headSeq`, hash
 * `headHash`) after `rowCount` rows", written by the worker's `audit.checkpoint` job and also
 * logged. `signature` = HMAC-SHA256 under a key derived from the master key, so nobody without
 * the key can forge one. Insert-only like `audit_events` (trigger, no UPDATE/DELETE/TRUNCATE
 * grants for the app role). `GET /audit/verify` holds the chain against the newest one: rows cut
 * off the end before it show as `truncated`. Rows cut off after the newest checkpoint, or every
 * checkpoint deleted along with them, only the log shows (its checkpoint lines are the copy the
 * database cannot rewrite).
 */
@Entity({ name: 'audit_checkpoints' })
@Check('chk_audit_checkpoints_at_ms', `"at" = date_trunc('milliseconds', "at")`)
export class AuditCheckpoint {
  @UuidPrimaryColumn('PK_audit_checkpoints')
  id!: string;

  @Index('uq_audit_checkpoints_seq', { unique: true })
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** Null when the chain was empty. */
  @Column({ name: 'head_seq', type: 'bigint', nullable: true })
  headSeq!: string | null;

  @Column({ name: 'head_id', type: 'uuid', nullable: true })
  headId!: string | null;

  @Column({ name: 'head_hash', type: 'char', length: 64, nullable: true })
  headHash!: string | null;

  /** Rows up to and including the head. */
  @Column({ name: 'row_count', type: 'bigint' })
  rowCount!: string;

  @Column({ type: 'char', length: 64 })
  signature!: string;
}
