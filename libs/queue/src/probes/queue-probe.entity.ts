import { Check, Column, Entity } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';

export const QUEUE_PROBE_STATUSES = ['queued', 'done'] as const;
export type QueueProbeStatus = (typeof QUEUE_PROBE_STATUSES)[number];

/** Longest hold an operator may ask for: enough for a shutdown drill, short of a stuck worker. */
export const MAX_PROBE_HOLD_MS = 30_000;

/** One end-to-end self-test of the queue: the API writes it, the worker marks it done. */
@Entity({ name: 'queue_probes' })
@Check('chk_queue_probes_status', `"status" IN ('queued', 'done')`)
@Check('chk_queue_probes_hold_ms', `"hold_ms" BETWEEN 0 AND 30000`)
export class QueueProbe {
  @UuidPrimaryColumn('PK_queue_probes')
  id!: string;

  @Column({ name: 'status', type: 'text', default: 'queued' })
  status!: QueueProbeStatus;

  /** How long the worker holds the job before finishing it (shutdown and crash drills). */
  @Column({ name: 'hold_ms', type: 'integer', default: 0 })
  holdMs!: number;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;
}
