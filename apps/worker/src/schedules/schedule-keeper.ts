import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';
import { WORKER_SETTINGS, type WorkerSettings } from '../worker-settings.js';
import { REPEATABLE_SCHEDULES, type RepeatableSchedule } from './repeatable-schedules.js';

/**
 * Runs are not retried (the next run is the retry), and finished runs simply go: a count limit
 * here would trim the history of every job of the queue, not just these runs.
 */
const SCHEDULED_JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail };

/** How long a stopping worker waits for a schedule upsert in flight. */
const SHUTDOWN_WAIT_MS = 3_000;

/**
 * Keeps the repeatable schedules in Redis. At start it upserts each one (idempotent, so every
 * worker replica may) and starts the reconcilers that must not wait a full interval; then, every
 * `scheduleCheckMs`, it looks each scheduler up and puts back any that is gone. Redis is a
 * rebuildable engine: after a flush a scheduler's first run is immediate, so the deadline sweep
 * restores the reminders' jobs within one check, without a restart and without anyone's help.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleKeeper.name);
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  /** The start-up registration, for tests. */
  registered?: Promise<void>;

  constructor(
    @Inject(QUEUES_BY_NAME) private readonly queues: QueuesByName,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a worker's Redis commands wait out an outage, and the start must not hang on one.
    this.registered = this.registerAll().catch((error: unknown) =>
      this.logger.error({ err: error }, 'schedules not registered (the next check retries)'),
    );
    this.timer = setInterval(() => void this.checkOnce(), this.settings.scheduleCheckMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // Lets a registration or check in flight finish, but not for ever: during a Redis outage its
    // commands wait for Redis, and a stop must not wait with them. Schedules are upserts, so one
    // cut short is simply done again by the next worker.
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
    await Promise.race([Promise.allSettled([this.registered, this.checking]), giveUp]);
    clearTimeout(timer);
  }

  /** Puts back every schedule missing from Redis; returns the ids it restored. */
  async restoreMissing(): Promise<string[]> {
    const restored: string[] = [];
    for (const schedule of REPEATABLE_SCHEDULES) {
      const queue = this.queueOf(schedule);
      if (await queue.getJobScheduler(schedule.id)) continue;
      await this.upsert(queue, schedule);
      restored.push(schedule.id);
    }
    if (restored.length > 0) {
      this.logger.warn({ restored }, 'repeatable schedules were missing from Redis (flushed or failed over); restored');
    }
    return restored;
  }

  private checkOnce(): void {
    // One check at a time: on a slow Redis the next tick waits its turn rather than piling up.
    if (this.checking) return;
    this.checking = this.restoreMissing()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'schedule check failed (retried next time)'))
      .finally(() => (this.checking = undefined));
  }

  private async registerAll(): Promise<void> {
    for (const schedule of REPEATABLE_SCHEDULES) {
      const queue = this.queueOf(schedule);
      // A scheduler BullMQ has not seen runs at once when created; only one that is already there
      // waits its interval, and that is when a reconciler needs its start-up run.
      const existed = (await queue.getJobScheduler(schedule.id)) !== undefined;
      await this.upsert(queue, schedule);
      if (schedule.runAtStart && existed) {
        // The id is the minute, so replicas starting together run it once.
        const jobId = `${schedule.id}-start-${Math.floor(Date.now() / 60_000)}`;
        await queue.add(schedule.job, {}, { ...SCHEDULED_JOB_OPTIONS, jobId });
      }
    }
    this.logger.log(
      `schedules: ${REPEATABLE_SCHEDULES.map((s) => `${s.job} every ${formatInterval(s.everyMs)}`).join(', ')}`,
    );
  }

  private async upsert(queue: Queue, schedule: RepeatableSchedule): Promise<void> {
    await queue.upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs },
      { name: schedule.job, data: {}, opts: SCHEDULED_JOB_OPTIONS },
    );
  }

  private queueOf(schedule: RepeatableSchedule): Queue {
    const queue = this.queues.get(JOB_QUEUE[schedule.job]);
    if (!queue) throw new Error(`queue ${JOB_QUEUE[schedule.job]} of ${schedule.job} is not registered`);
    return queue;
  }
}

function formatInterval(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
