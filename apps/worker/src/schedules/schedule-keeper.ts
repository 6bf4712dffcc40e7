import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JobProducer, REPEATABLE_SCHEDULES, RETIRED_SCHEDULES } from '@mc/queue';
import { WORKER_SETTINGS, type WorkerSettings } from '../worker-settings.js';

/** How long a stopping worker waits for a schedule upsert in flight. */
const SHUTDOWN_WAIT_MS = 3_000;

/**
 * Keeps the repeatable schedules of the job catalogue (`REPEATABLE_SCHEDULES`) in Redis. At start it upserts each one (idempotent, so every
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
    private readonly producer: JobProducer,
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
      if (await this.producer.hasSchedule(schedule)) continue;
      await this.producer.upsertSchedule(schedule);
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
    try {
      const removed = await this.producer.removeRetiredSchedules(RETIRED_SCHEDULES);
      if (removed.length > 0) this.logger.warn({ removed }, 'removed schedules an earlier release left in Redis');
    } catch (error) {
      // Cleaning up is not worth a start without schedules: the next start tries again.
      this.logger.warn({ err: error }, 'retired schedules not removed');
    }
    for (const schedule of REPEATABLE_SCHEDULES) {
      // A scheduler BullMQ has not seen runs at once when created; only one that is already there
      // waits its interval, and that is when a reconciler needs its start-up run.
      const existed = await this.producer.hasSchedule(schedule);
      await this.producer.upsertSchedule(schedule);
      if (schedule.runAtStart && existed) {
        // The id is the minute, so replicas starting together run it once.
        await this.producer.runScheduleNow(schedule, `${schedule.id}-start-${Math.floor(Date.now() / 60_000)}`);
      }
    }
    this.logger.log(
      `schedules: ${REPEATABLE_SCHEDULES.map((s) => `${s.job} every ${formatInterval(s.everyMs)}`).join(', ')}`,
    );
  }
}

function formatInterval(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
