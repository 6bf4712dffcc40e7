import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';

/**
 * A job to enqueue once the transaction that wrote this row commits. Written in the caller's
 * transaction (`OutboxService.add`), so a rollback takes the job back with the change that caused
 * it; moved to BullMQ by `OutboxRelay`. The payload holds ids only, exactly like the job.
 */
@Entity({ name: 'outbox' })
@Index('idx_outbox_undispatched', ['createdAt'], { where: '"dispatched_at" IS NULL' })
export class OutboxMessage {
  @UuidPrimaryColumn('PK_outbox')
  id!: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName!: string;

  @Column({ name: 'data', type: 'jsonb' })
  data!: Record<string, string | number>;

  /** Deterministic job id to enqueue with; null → `outbox-<id>`. */
  @Column({ name: 'job_id', type: 'text', nullable: true })
  jobId!: string | null;

  /** Delay counted from the row's creation, not from the relay run. */
  @Column({ name: 'delay_ms', type: 'integer', default: 0 })
  delayMs!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}
