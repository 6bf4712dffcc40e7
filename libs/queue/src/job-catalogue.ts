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
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * Job name → its queue and payload. Payloads carry ids only: no personal data ever reaches Redis.
 * To add a job: one entry here and one in `JOB_QUEUE` (the compiler insists), plus a
 * `@JobHandler(name)` class in the worker (the start-up check insists).
 */
export interface JobCatalogue {
  /** An operator's end-to-end self-test: the API enqueues, the worker marks the probe done. */
  'queue.probe': { queue: typeof QUEUE_NAMES.maintenance; data: { probeId: string } };
  /** Moves committed `outbox` rows to their queues; repeatable (every 2 s) and nudged after commits. */
  'outbox.relay': { queue: typeof QUEUE_NAMES.outreach; data: Record<string, never> };
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
}

export type JobName = keyof JobCatalogue;
export type JobData<N extends JobName> = JobCatalogue[N]['data'];
export type JobQueue<N extends JobName> = JobCatalogue[N]['queue'];

/** Runtime twin of `JobCatalogue`: which queue each job goes to. */
export const JOB_QUEUE: { readonly [N in JobName]: JobQueue<N> } = {
  'queue.probe': QUEUE_NAMES.maintenance,
  'outbox.relay': QUEUE_NAMES.outreach,
  'reminder.fire': QUEUE_NAMES.reminders,
  'reminder.relay': QUEUE_NAMES.reminders,
  'deadline.sweep': QUEUE_NAMES.reminders,
  'idempotency.purge': QUEUE_NAMES.maintenance,
  'email.send': QUEUE_NAMES.notifications,
  'telegram.send': QUEUE_NAMES.notifications,
  'audit.checkpoint': QUEUE_NAMES.maintenance,
};

export const JOB_NAMES: readonly JobName[] = Object.freeze(Object.keys(JOB_QUEUE) as JobName[]);

/**
 * Queues that exist in this release: exactly those some job uses, so a queue with no job is
 * never registered (no idle worker, no empty keys), and a job on a new queue registers it.
 */
export const REGISTERED_QUEUES: readonly QueueName[] = Object.freeze([...new Set(Object.values(JOB_QUEUE))]);

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_QUEUE, name);
}
