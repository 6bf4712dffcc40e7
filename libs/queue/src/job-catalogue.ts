import type { BackoffStrategy, JobsOptions, KeepJobs } from 'bullmq';

/**
 * The one list of queues and jobs. Queue names and job names are stored in Redis with every job,
 * so once released they never change: add, never rename.
 */
export const QUEUE_NAMES = {
  reminders: 'reminders',
  outreach: 'outreach',
  notifications: 'notifications',
  exports: 'exports',
  maintenance: 'maintenance',
  /** The outbox relay alone: a slow partner endpoint or a big export must not hold up the relay. */
  outbox: 'outbox',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * Job name → its queue and payload. Payloads carry ids only: no personal data ever reaches Redis.
 * To add a job: one entry here and one in `JOB_CATALOGUE` (the compiler insists), plus a
 * `@JobHandler(name)` class in the worker (the start-up check insists).
 */
export interface JobCatalogue {
  /** An operator's end-to-end self-test: the API enqueues, the worker marks the probe done. */
  'queue.probe': { queue: typeof QUEUE_NAMES.maintenance; data: { probeId: string } };
  /** Moves committed `outbox` rows to their queues; repeatable (every 2 s) and nudged after commits. */
  'outbox.relay': { queue: typeof QUEUE_NAMES.outbox; data: Record<string, never> };
  /** One reminder of an escalation step, delayed until its `fire_at`; id `reminder-<id>-<fireAtEpochMs>`. */
  'reminder.fire': { queue: typeof QUEUE_NAMES.reminders; data: { reminderId: string } };
  /** Relay (repeatable, every 5 s): adds the jobs of reminder rows a crash or Redis error left without one. */
  'reminder.relay': { queue: typeof QUEUE_NAMES.reminders; data: Record<string, never> };
  /** Reconciler (repeatable, every 5 min): restores missing reminder jobs, reports overdue steps. */
  'deadline.sweep': { queue: typeof QUEUE_NAMES.reminders; data: Record<string, never> };
  /** Deletes expired `idempotency_keys` rows in batches; repeatable (every 10 min, and at worker start). */
  'idempotency.purge': { queue: typeof QUEUE_NAMES.maintenance; data: Record<string, never> };
  /** One e-mail of a notification (`notification_deliveries` row of channel `email`). */
  'email.send': { queue: typeof QUEUE_NAMES.notifications; data: { notificationId: string } };
  /** One Telegram message of a notification (`notification_deliveries` row of channel `telegram`). */
  'telegram.send': { queue: typeof QUEUE_NAMES.notifications; data: { notificationId: string } };
  /** Repeatable (every 5 min, and at start): a signed checkpoint of the audit chain's head, stored and logged. */
  'audit.checkpoint': { queue: typeof QUEUE_NAMES.maintenance; data: Record<string, never> };
  /**
   * Repeatable (hourly, and at start): recomputes the stored deadlines of open complaints whose
   * rule or holiday-list version is no longer current, found in Postgres.
   */
  'deadlines.recompute': { queue: typeof QUEUE_NAMES.maintenance; data: Record<string, never> };
}

export type JobName = keyof JobCatalogue;
export type JobData<N extends JobName> = JobCatalogue[N]['data'];
export type JobQueue<N extends JobName> = JobCatalogue[N]['queue'];

/** Jobs that run on a timer carry no data: they find their work in Postgres. */
export type ScheduledJobName = { [N in JobName]: JobData<N> extends Record<string, never> ? N : never }[JobName];

/**
 * How long BullMQ waits before the next attempt. `schedule` lists the waits themselves, one per
 * retry (the last one repeats): for jobs whose other side may be away for hours, such as a
 * partner's webhook endpoint, where doubling from a second would give up within minutes.
 */
export type JobBackoff =
  | { readonly type: 'exponential'; readonly delayMs: number }
  | { readonly type: 'fixed'; readonly delayMs: number }
  | { readonly type: 'schedule'; readonly delaysMs: readonly number[] };

/** A BullMQ job scheduler that adds the job every `everyMs`. */
export interface JobRepeat {
  /** BullMQ job scheduler id (no ':'). Stored in Redis: never rename once released. */
  readonly id: string;
  readonly everyMs: number;
  /** Also run once as soon as a worker starts (a reconciler that must not wait a full interval). */
  readonly runAtStart?: boolean;
}

/** Everything BullMQ needs to know about one job: where it goes, how it retries, what Redis keeps. */
export interface JobDefinition<N extends JobName = JobName> {
  readonly queue: JobQueue<N>;
  /** Attempts in all (the first run included); past the last one the job lands in `dead_letters`. */
  readonly attempts: number;
  readonly backoff: JobBackoff;
  /** Finished jobs are trimmed by age (seconds) and count; Postgres keeps the durable record. */
  readonly removeOnComplete: boolean | KeepJobs;
  readonly removeOnFail: boolean | KeepJobs;
  /** Repeatable jobs only (those without data): the schedule the worker keeps in Redis. */
  readonly repeat?: N extends ScheduledJobName ? JobRepeat : never;
}

/** Finished jobs kept for a day (at most 1000 per queue); failed ones for two weeks, for operators. */
const KEEP_COMPLETED: KeepJobs = Object.freeze({ age: 24 * 3600, count: 1_000 });
const KEEP_FAILED: KeepJobs = Object.freeze({ age: 14 * 24 * 3600, count: 10_000 });

/** How a job retries and what Redis keeps of it: the options of a definition besides its queue and schedule. */
export type JobPolicy = Omit<JobDefinition, 'queue' | 'repeat'>;

/**
 * The policy of most jobs (and the queues' defaults, for a job added by hand on the board):
 * 5 attempts, 1 s, 2 s, 4 s, 8 s apart, then `dead_letters`.
 */
export const STANDARD_JOB_POLICY = {
  attempts: 5,
  backoff: { type: 'exponential', delayMs: 1_000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
} as const satisfies JobPolicy;

/** How often the audit chain's head is signed: rows cut off after the newest checkpoint only the log shows. */
export const AUDIT_CHECKPOINT_EVERY_MS = 5 * 60_000;

/**
 * Every job of the system with its options and, for the repeatable ones, their schedule. The
 * producer, the outbox relay and the worker's schedule keeper all read their options here.
 */
export const JOB_CATALOGUE: { readonly [N in JobName]: JobDefinition<N> } = Object.freeze({
  'queue.probe': { queue: QUEUE_NAMES.maintenance, ...STANDARD_JOB_POLICY },
  // Moves committed outbox rows to their queues (nudged after each commit besides).
  'outbox.relay': { queue: QUEUE_NAMES.outbox, ...STANDARD_JOB_POLICY, repeat: { id: 'outbox-relay', everyMs: 2_000 } },
  'reminder.fire': { queue: QUEUE_NAMES.reminders, ...STANDARD_JOB_POLICY },
  // Adds the jobs of reminder rows a crash or a Redis error left without one.
  'reminder.relay': {
    queue: QUEUE_NAMES.reminders,
    ...STANDARD_JOB_POLICY,
    repeat: { id: 'reminder-relay', everyMs: 5_000 },
  },
  // Restores pending reminders' jobs after a flush and reports overdue steps.
  'deadline.sweep': {
    queue: QUEUE_NAMES.reminders,
    ...STANDARD_JOB_POLICY,
    repeat: { id: 'deadline-sweep', everyMs: 5 * 60_000, runAtStart: true },
  },
  // Deletes Idempotency-Key rows past their 24 h (a key that never comes back would stay forever).
  'idempotency.purge': {
    queue: QUEUE_NAMES.maintenance,
    ...STANDARD_JOB_POLICY,
    repeat: { id: 'idempotency-purge', everyMs: 10 * 60_000, runAtStart: true },
  },
  'email.send': { queue: QUEUE_NAMES.notifications, ...STANDARD_JOB_POLICY },
  'telegram.send': { queue: QUEUE_NAMES.notifications, ...STANDARD_JOB_POLICY },
  // Signs the audit chain's head into audit_checkpoints and the log, so a cut-off tail shows.
  'audit.checkpoint': {
    queue: QUEUE_NAMES.maintenance,
    ...STANDARD_JOB_POLICY,
    repeat: { id: 'audit-checkpoint', everyMs: AUDIT_CHECKPOINT_EVERY_MS, runAtStart: true },
  },
  // A new rule or calendar version ships with a release, so the run at start does the work; the
  // hourly run finishes a run cut short (capped, or a worker stopped) and retries a failed one.
  'deadlines.recompute': {
    queue: QUEUE_NAMES.maintenance,
    ...STANDARD_JOB_POLICY,
    repeat: { id: 'deadlines-recompute', everyMs: 60 * 60_000, runAtStart: true },
  },
});

/** Which queue each job goes to. */
export const JOB_QUEUE: { readonly [N in JobName]: JobQueue<N> } = Object.freeze(
  Object.fromEntries(Object.entries(JOB_CATALOGUE).map(([name, definition]) => [name, definition.queue])) as {
    [N in JobName]: JobQueue<N>;
  },
);

export const JOB_NAMES: readonly JobName[] = Object.freeze(Object.keys(JOB_CATALOGUE) as JobName[]);

/**
 * Queues that exist in this release: exactly those some job uses, so a queue with no job is
 * never registered (no idle worker, no empty keys), and a job on a new queue registers it.
 */
/** A job scheduler an earlier release created on `queue` and this one no longer has. */
export interface RetiredSchedule {
  readonly queue: QueueName;
  readonly id: string;
}

/**
 * Schedulers the worker removes at start, because a release retired or moved them. Queue names
 * never change once released, so a moved schedule leaves its old scheduler behind in Redis.
 */
export const RETIRED_SCHEDULES: readonly RetiredSchedule[] = [
  // outbox.relay ran on `outreach` until it got the `outbox` queue of its own.
  { queue: QUEUE_NAMES.outreach, id: 'outbox-relay' },
];

export const REGISTERED_QUEUES: readonly QueueName[] = Object.freeze([...new Set(Object.values(JOB_QUEUE))]);

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_CATALOGUE, name);
}

/** The name BullMQ stores for a `schedule` backoff; the worker's backoff strategy reads the delays here. */
export const SCHEDULE_BACKOFF_TYPE = 'schedule';

function bullBackoff(backoff: JobBackoff): NonNullable<JobsOptions['backoff']> {
  return backoff.type === 'schedule' ? { type: SCHEDULE_BACKOFF_TYPE } : { type: backoff.type, delay: backoff.delayMs };
}

/** A policy in BullMQ's terms. */
export function bullJobOptions(policy: JobPolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: bullBackoff(policy.backoff),
    removeOnComplete: policy.removeOnComplete,
    removeOnFail: policy.removeOnFail,
  };
}

/** The BullMQ options of every job `name` the producer adds (attempts, backoff, removal). */
export function jobOptionsOf(name: JobName): JobsOptions {
  return bullJobOptions(JOB_CATALOGUE[name]);
}

/**
 * The options of a scheduled run (the scheduler's runs and a start-up run): not retried (the next
 * run is the retry), and a finished run simply goes, since a count limit would trim the history
 * of every job of the queue, not just these runs.
 */
export function scheduledRunOptionsOf(name: ScheduledJobName): JobsOptions {
  return { attempts: 1, removeOnComplete: true, removeOnFail: JOB_CATALOGUE[name].removeOnFail };
}

/** One repeatable job, as the schedule keeper registers it. */
export interface RepeatableSchedule extends JobRepeat {
  readonly job: ScheduledJobName;
}

/**
 * Every repeatable job of the system, from the catalogue. Registered by each worker at start and
 * re-asserted while it runs (see the worker's ScheduleKeeper): a Redis flush or failover removes
 * schedulers along with every other key, and nothing else would put them back.
 */
export const REPEATABLE_SCHEDULES: readonly RepeatableSchedule[] = Object.freeze(
  JOB_NAMES.flatMap((name): RepeatableSchedule[] => {
    const repeat = (JOB_CATALOGUE[name] as JobDefinition).repeat as JobRepeat | undefined;
    if (!repeat) return [];
    return [
      Object.freeze({
        id: repeat.id,
        job: name as ScheduledJobName,
        everyMs: repeat.everyMs,
        ...(repeat.runAtStart ? { runAtStart: true } : {}),
      }),
    ];
  }),
);

/** The wait after failed attempt `attemptsMade` (1, 2, ...) of a `schedule` backoff; past the list's end its last wait repeats. */
export function backoffScheduleDelay(delaysMs: readonly number[], attemptsMade: number): number {
  if (delaysMs.length === 0) throw new Error('A backoff schedule needs at least one delay');
  return delaysMs[Math.min(Math.max(attemptsMade, 1), delaysMs.length) - 1]!;
}

/** The worker's custom BullMQ backoff strategy: the `schedule` of the job's catalogue entry. */
export const catalogueBackoffStrategy: BackoffStrategy = (attemptsMade, _type, _error, job) => {
  const name = job?.name ?? '';
  const backoff = isJobName(name) ? JOB_CATALOGUE[name].backoff : undefined;
  if (backoff?.type !== 'schedule') throw new Error(`Job ${name} has no backoff schedule in the catalogue`);
  return backoffScheduleDelay(backoff.delaysMs, attemptsMade);
};
