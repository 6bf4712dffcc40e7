import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AfterCommit,
  JOB_QUEUE,
  JobProducer,
  QUEUES_BY_NAME,
  type AfterCommitHook,
  type QueuesByName,
} from '@mc/queue';

/** Deterministic: the same reminder at the same time is one job, however often it is added. */
export function reminderJobId(reminderId: string, fireAt: Date): string {
  return `reminder-${reminderId}-${fireAt.getTime()}`;
}

export interface ReminderJobRef {
  readonly reminderId: string;
  readonly fireAt: Date;
}

export interface ReminderJobChanges {
  readonly add: readonly ReminderJobRef[];
  /** Job ids that no longer match their row (moved or cancelled). */
  readonly remove: readonly string[];
}

/** A reminder row this old without its job recorded is the relay's to add (the post-commit add had its chance). */
export const RELAY_GRACE_MS = 3_000;
export const RELAY_BATCH = 2_000;

/** BullMQ `addBulk` size: large enough to amortise round trips, small enough for one Redis call. */
export const REMINDER_JOB_BATCH = 1_000;

/**
 * Puts reminder rows' delayed jobs in Redis. Rows change inside transactions, so the jobs are
 * collected on the transaction and added only after COMMIT (a rolled-back reminder must not fire,
 * and its job would be harmless anyway: the handler finds no pending row). The reminder rows are
 * their own outbox: `job_added_at` stays null until the job is in Redis, and the `reminder.relay`
 * job (every few seconds) adds what a crash or a Redis error left out. After a Redis flush, the
 * `deadline.sweep` reconciler re-adds the jobs of the next 24 hours.
 */
@Injectable()
export class ReminderJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderJobs.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The job changes of one committed transaction, applied together. */
  private readonly applyCommitted: AfterCommitHook<ReminderJobChanges> = {
    name: 'reminder jobs',
    run: (all) => this.startApply({ add: all.flatMap((c) => c.add), remove: all.flatMap((c) => c.remove) }),
  };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
    @Inject(QUEUES_BY_NAME) private readonly queues: QueuesByName,
    private readonly afterCommitHooks: AfterCommit,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** Resolves when every post-commit job change started so far has reached Redis (or failed). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Schedules job changes for after the commit of `manager`'s transaction; outside a transaction
   * they are applied at once (in the background, like the post-commit ones).
   */
  afterCommit(manager: EntityManager, changes: ReminderJobChanges): void {
    if (changes.add.length === 0 && changes.remove.length === 0) return;
    this.afterCommitHooks.add(manager, this.applyCommitted, changes);
  }

  /** Adds delayed jobs for these reminders now, in batches; awaits Redis. Existing job ids are left alone. */
  async add(refs: readonly ReminderJobRef[]): Promise<void> {
    for (let start = 0; start < refs.length; start += REMINDER_JOB_BATCH) {
      // BullMQ counts a delay from the moment it creates the job: read the clock per batch, or
      // every later batch of a large add (a sweep after a flush) would fire late by the time
      // the earlier ones took.
      const now = Date.now();
      const batch = refs.slice(start, start + REMINDER_JOB_BATCH).map((ref) => ({
        data: { reminderId: ref.reminderId },
        jobId: reminderJobId(ref.reminderId, ref.fireAt),
        delayMs: Math.max(0, ref.fireAt.getTime() - now),
      }));
      await this.producer.enqueueMany('reminder.fire', batch);
      await this.markAdded(refs.slice(start, start + REMINDER_JOB_BATCH));
    }
  }

  /**
   * Records that these reminders have their job, for the relay. Only a row still at the same
   * `fire_at` is marked: one rescheduled meanwhile needs the job of its new time.
   */
  private async markAdded(refs: readonly ReminderJobRef[]): Promise<void> {
    await this.db.query(
      `UPDATE "reminders" r SET "job_added_at" = now()
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v("id", "fire_at")
        WHERE r."id" = v."id" AND r."fire_at" = v."fire_at" AND r."status" = 'pending' AND r."job_added_at" IS NULL`,
      [refs.map((r) => r.reminderId), refs.map((r) => r.fireAt.toISOString())],
    );
  }

  /**
   * The relay of `reminder.relay`: adds the jobs of pending reminders that have none recorded and
   * were written more than `graceMs` ago (a crash or a Redis error between a commit and its
   * post-commit add). Returns how many it added; a full batch means more may be waiting.
   */
  async relayMissing(graceMs = RELAY_GRACE_MS, batch = RELAY_BATCH): Promise<number> {
    const rows: { id: string; fire_at: Date }[] = await this.db.query(
      `SELECT "id", "fire_at" FROM "reminders"
        WHERE "status" = 'pending' AND "job_added_at" IS NULL AND "updated_at" < now() - make_interval(secs => $1)
        ORDER BY "fire_at" LIMIT $2`,
      [graceMs / 1000, batch],
    );
    await this.add(rows.map((r) => ({ reminderId: r.id, fireAt: r.fire_at })));
    return rows.length;
  }

  /**
   * For reminders that should have fired already: a job BullMQ finished or gave up on under the
   * same id would make a re-add a no-op, so such a job is removed first; then all are re-added.
   * Returns how many jobs were missing or finished (so they are new now).
   */
  async restoreOverdue(refs: readonly ReminderJobRef[]): Promise<number> {
    const queue = this.queues.get(JOB_QUEUE['reminder.fire']);
    if (!queue) throw new Error('the reminders queue is not registered');
    let restored = 0;
    for (const ref of refs) {
      const job = await queue.getJob(reminderJobId(ref.reminderId, ref.fireAt));
      if (!job) {
        restored++;
        continue;
      }
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        await job.remove();
        restored++;
      }
    }
    await this.add(refs);
    return restored;
  }

  async remove(jobIds: readonly string[]): Promise<void> {
    await this.producer.removeMany('reminder.fire', jobIds);
  }

  private startApply(changes: ReminderJobChanges): void {
    const work = (async () => {
      // Independent: a failed removal must not keep new jobs out. A job left behind by a failed
      // removal is harmless (its handler finds the row moved or cancelled); a job not added is
      // added by the relay within seconds (its row has no job_added_at).
      const results = await Promise.allSettled([this.remove(changes.remove), this.add(changes.add)]);
      for (const result of results) {
        if (result.status === 'rejected') {
          const error: unknown = result.reason;
          this.logger.warn(
            `reminder jobs not updated (the relay will add them): ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    })();
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
