import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';

export const OUTBOX_RELAY_SCHEDULER_ID = 'outbox-relay';
export const OUTBOX_RELAY_EVERY_MS = 2_000;

/**
 * Registers the repeatable `outbox.relay` when the worker starts (never as a side effect of an
 * import). Upserting is idempotent, so every worker replica may do it. The next run is the retry
 * of a failed one, so runs are not retried, and few finished runs are kept in Redis.
 */
@Injectable()
export class OutboxRelayScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelayScheduler.name);
  /** The registration in flight or done, for tests and shutdown. */
  registered?: Promise<void>;

  constructor(@Inject(QUEUES_BY_NAME) private readonly queues: QueuesByName) {}

  onApplicationBootstrap(): void {
    // Not awaited: a worker's Redis commands wait out an outage, and the start must not hang on one.
    this.registered = this.register().catch((error: unknown) =>
      this.logger.error(`outbox relay not scheduled: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async register(): Promise<void> {
    const queue = this.queues.get(JOB_QUEUE['outbox.relay']);
    if (!queue) throw new Error(`queue ${JOB_QUEUE['outbox.relay']} is not registered`);
    await queue.upsertJobScheduler(
      OUTBOX_RELAY_SCHEDULER_ID,
      { every: OUTBOX_RELAY_EVERY_MS },
      {
        name: 'outbox.relay',
        data: {},
        // Count limits would trim the history of every job of the queue, not just these runs.
        opts: { attempts: 1, removeOnComplete: true, removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail },
      },
    );
    this.logger.log(`outbox relay scheduled every ${OUTBOX_RELAY_EVERY_MS} ms`);
  }
}
