import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, OUTBOX_RELAY_BATCH, OutboxRelay, type JobHandlerOf } from '@mc/queue';

/** Batches one run may relay before it yields the worker to other jobs (the next run takes the rest). */
const MAX_BATCHES_PER_RUN = 20;

/** Moves committed outbox rows to their queues: the repeatable run and the nudges after commits. */
@JobHandler('outbox.relay')
export class OutboxRelayHandler implements JobHandlerOf<'outbox.relay'> {
  private readonly logger = new Logger(OutboxRelayHandler.name);

  constructor(private readonly relay: OutboxRelay) {}

  async handle(_data: Record<string, never>, job: Job): Promise<void> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const relayed = await this.relay.relay(OUTBOX_RELAY_BATCH);
      total += relayed;
      if (relayed < OUTBOX_RELAY_BATCH) break;
    }
    if (total > 0) this.logger.log({ jobId: job.id, relayed: total }, 'outbox relayed');
  }
}
