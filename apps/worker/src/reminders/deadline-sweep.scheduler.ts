import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUE, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';

export const DEADLINE_SWEEP_SCHEDULER_ID = 'deadline-sweep';
export const DEADLINE_SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Registers the repeatable `deadline.sweep` (every 5 minutes) when the worker starts, and runs one
 * sweep at once: a worker starting after an outage restores lost reminder jobs without waiting.
 * Upserting is idempotent, so every worker replica may do it; the start-up run's id is the
 * minute, so replicas starting together sweep once.
 */
@Injectable()
export class DeadlineSweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlineSweepScheduler.name);
  registered?: Promise<void>;

  constructor(@Inject(QUEUES_BY_NAME) private readonly queues: QueuesByName) {}

  onApplicationBootstrap(): void {
    // Not awaited: the start must not hang on a Redis outage.
    this.registered = this.register().catch((error: unknown) =>
      this.logger.error(`deadline sweep not scheduled: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async register(): Promise<void> {
    const queue = this.queues.get(JOB_QUEUE['deadline.sweep']);
    if (!queue) throw new Error(`queue ${JOB_QUEUE['deadline.sweep']} is not registered`);
    const opts = { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };
    await queue.upsertJobScheduler(
      DEADLINE_SWEEP_SCHEDULER_ID,
      { every: DEADLINE_SWEEP_EVERY_MS },
      { name: 'deadline.sweep', data: {}, opts },
    );
    await queue.add('deadline.sweep', {}, { ...opts, jobId: `sweep-start-${Math.floor(Date.now() / 60_000)}` });
    this.logger.log(`deadline sweep scheduled every ${DEADLINE_SWEEP_EVERY_MS / 60_000} min`);
  }
}
