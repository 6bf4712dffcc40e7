import type { JobData, JobName } from '@mc/queue';

/** How often the audit chain's head is signed: rows cut off after the newest checkpoint only the log shows. */
export const AUDIT_CHECKPOINT_EVERY_MS = 5 * 60_000;

/** Jobs that run on a timer carry no data: they find their work in Postgres. */
type ScheduledJobName = { [N in JobName]: JobData<N> extends Record<string, never> ? N : never }[JobName];

/** One repeatable job of the worker. */
export interface RepeatableSchedule {
  /** BullMQ job scheduler id. Stored in Redis: never rename once released. */
  readonly id: string;
  readonly job: ScheduledJobName;
  readonly everyMs: number;
  /** Also run once as soon as a worker starts (a reconciler that must not wait a full interval). */
  readonly runAtStart?: boolean;
}

/**
 * Every repeatable job of the system, in one place. Registered by each worker at start and
 * re-asserted while it runs (see ScheduleKeeper): a Redis flush or failover removes schedulers
 * along with every other key, and nothing else would put them back.
 */
export const REPEATABLE_SCHEDULES: readonly RepeatableSchedule[] = Object.freeze([
  // Moves committed outbox rows to their queues (nudged after each commit besides).
  { id: 'outbox-relay', job: 'outbox.relay', everyMs: 2_000 },
  // Adds the jobs of reminder rows a crash or a Redis error left without one.
  { id: 'reminder-relay', job: 'reminder.relay', everyMs: 5_000 },
  // Restores pending reminders' jobs after a flush and reports overdue steps.
  { id: 'deadline-sweep', job: 'deadline.sweep', everyMs: 5 * 60_000, runAtStart: true },
  // Deletes Idempotency-Key rows past their 24 h (a key that never comes back would stay forever).
  { id: 'idempotency-purge', job: 'idempotency.purge', everyMs: 10 * 60_000, runAtStart: true },
  // Signs the audit chain's head into audit_checkpoints and the log, so a cut-off tail shows.
  { id: 'audit-checkpoint', job: 'audit.checkpoint', everyMs: AUDIT_CHECKPOINT_EVERY_MS, runAtStart: true },
]);
