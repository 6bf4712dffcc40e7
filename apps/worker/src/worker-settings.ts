/**
 * Worker tuning, read from the environment next to the validated AppConfig. The defaults suit
 * production; tests shorten the lock and stalled-check intervals to exercise crash recovery.
 */
export interface WorkerSettings {
  /** Jobs one worker runs at once per queue. */
  readonly concurrency: number;
  /** How long a job's lock lives without renewal: after a crash, the job is stalled after this. */
  readonly lockDurationMs: number;
  /** How often workers look for stalled jobs (locks that expired) and put them back in the queue. */
  readonly stalledIntervalMs: number;
  /** How often a worker checks that the repeatable schedules are still in Redis (and restores them). */
  readonly scheduleCheckMs: number;
}

/** Injection token of the worker's settings. */
export const WORKER_SETTINGS = Symbol('WORKER_SETTINGS');

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = Object.freeze({
  concurrency: 10,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  scheduleCheckMs: 30_000,
});

export class WorkerSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'WorkerSettingsError';
  }
}

function intFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}: must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const problems: string[] = [];
  const settings: WorkerSettings = {
    concurrency: intFrom(env, 'WORKER_CONCURRENCY', DEFAULT_WORKER_SETTINGS.concurrency, 1, 200, problems),
    lockDurationMs: intFrom(
      env,
      'WORKER_LOCK_DURATION_MS',
      DEFAULT_WORKER_SETTINGS.lockDurationMs,
      1_000,
      600_000,
      problems,
    ),
    stalledIntervalMs: intFrom(
      env,
      'WORKER_STALLED_INTERVAL_MS',
      DEFAULT_WORKER_SETTINGS.stalledIntervalMs,
      500,
      600_000,
      problems,
    ),
    scheduleCheckMs: intFrom(
      env,
      'WORKER_SCHEDULE_CHECK_MS',
      DEFAULT_WORKER_SETTINGS.scheduleCheckMs,
      200,
      3_600_000,
      problems,
    ),
  };
  if (problems.length > 0) throw new WorkerSettingsError(problems);
  return Object.freeze(settings);
}
