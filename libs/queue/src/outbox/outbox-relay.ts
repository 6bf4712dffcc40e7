import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JOB_NAMES, type JobData, type JobName } from '../job-catalogue.js';
import { InvalidJobError, JobProducer } from '../job-producer.js';
import { outboxJobId } from './outbox.service.js';

export const OUTBOX_RELAY_BATCH = 500;

interface PendingRow {
  id: string;
  job_name: JobName;
  data: Record<string, string | number>;
  job_id: string | null;
  remaining_delay_ms: number;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so
 * relays running at the same time (several workers, a nudge next to the repeatable run) take
 * disjoint rows; a row is marked dispatched only in the transaction that enqueued it. When Redis
 * fails half-way the transaction rolls back and the next run enqueues the rows again under the
 * same job ids, which BullMQ ignores for jobs it still holds (and handlers are idempotent anyway).
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
  ) {}

  /** Relays up to `batch` rows, oldest first; returns how many this call dispatched. */
  async relay(batch = OUTBOX_RELAY_BATCH): Promise<number> {
    return this.db.transaction(async (manager) => {
      // Job names this release does not know are left for a release that does.
      const rows: PendingRow[] = await manager.query(
        `SELECT "id", "job_name", "data", "job_id",
                GREATEST(0, "delay_ms" - FLOOR(EXTRACT(EPOCH FROM (now() - "created_at")) * 1000))::integer
                  AS "remaining_delay_ms"
           FROM "outbox"
          WHERE "dispatched_at" IS NULL AND "job_name" = ANY($2::text[])
          ORDER BY "created_at", "id"
          LIMIT $1
            FOR UPDATE SKIP LOCKED`,
        [batch, JOB_NAMES],
      );
      if (rows.length === 0) return 0;
      await Promise.all(rows.map((row) => this.enqueue(row)));
      await manager.query(`UPDATE "outbox" SET "dispatched_at" = now() WHERE "id" = ANY($1::uuid[])`, [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  private async enqueue(row: PendingRow): Promise<void> {
    try {
      await this.producer.enqueue(row.job_name, row.data as JobData<typeof row.job_name>, {
        jobId: row.job_id ?? outboxJobId(row.id),
        delayMs: row.remaining_delay_ms > 0 ? row.remaining_delay_ms : undefined,
      });
    } catch (error) {
      // A row BullMQ can never take (written by hand, bypassing OutboxService's checks) would
      // block every later relay; drop it loudly instead. Any other error aborts the batch.
      if (!(error instanceof InvalidJobError)) throw error;
      this.logger.error({ outboxId: row.id, jobName: row.job_name, err: error.message }, 'outbox row dropped');
    }
  }
}
