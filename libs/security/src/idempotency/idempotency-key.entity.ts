import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '@mc/database';

/**
 * One `Idempotency-Key` of one caller on one route: a retry gets the first request's outcome
 * instead of a second record; the same key with another body is refused (422). Only the status
 * and the created record's type and id are kept, never the answer: a replay reads the record
 * again (with the caller's scope), so an erased person's name is not kept here past erasure.
 * Expired rows are deleted by the worker's `idempotency.purge` job.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idx_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKey {
  /** `user:<uuid>` or `public:<hash of ip>` plus method and route pattern. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_keys' })
  scope!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_keys' })
  key!: string;

  /** HMAC-SHA256 (key derived from the master key) of method, path and raw body: `RequestHasher`. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** Null while the first request is still running. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  /** What the first request created (`worker`, `complaint`, …), read again on a replay. */
  @Column({ name: 'resource_type', type: 'text', nullable: true })
  resourceType!: string | null;

  @Column({ name: 'resource_id', type: 'uuid', nullable: true })
  resourceId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
