import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AfterCommitHook } from '../after-commit.js';
import { JobProducer } from '../job-producer.js';

/** One nudge per second is plenty: the job id is the epoch second, so BullMQ drops the rest. */
export function relayNudgeJobId(now = Date.now()): string {
  return `relay-${Math.floor(now / 1000)}`;
}

/**
 * Cuts the outbox's latency: once a transaction that added outbox rows has committed (an
 * after-commit hook of `OutboxService.add`), enqueue an `outbox.relay` job at once instead of
 * waiting for the next 2-second run. Purely an optimisation: when Redis refuses the nudge, the
 * repeatable relay still moves the rows, so errors are only logged and the committing request
 * never waits for Redis.
 */
@Injectable()
export class OutboxNudger implements AfterCommitHook<void>, BeforeApplicationShutdown {
  readonly name = 'outbox nudge';
  private readonly logger = new Logger(OutboxNudger.name);
  private readonly pending = new Set<Promise<unknown>>();
  private lastJobId?: string;

  constructor(private readonly producer: JobProducer) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** After a commit that added outbox rows: one nudge, however many rows. */
  run(): void {
    this.nudge();
  }
  /** Enqueues an `outbox.relay` job in the background; never throws. */
  nudge(): void {
    const jobId = relayNudgeJobId();
    if (jobId === this.lastJobId) return;
    this.lastJobId = jobId;
    const work = this.producer
      .enqueue('outbox.relay', {}, { jobId })
      .catch((error: unknown) =>
        this.logger.warn(`outbox nudge not enqueued: ${error instanceof Error ? error.message : String(error)}`),
      );
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}
