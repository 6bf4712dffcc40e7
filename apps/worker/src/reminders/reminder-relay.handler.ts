import { Logger } from '@nestjs/common';
import { RELAY_BATCH, ReminderJobs } from '@mc/escalations';
import { JobHandler, type JobHandlerOf } from '@mc/queue';

/** Batches one run may relay before it yields the worker to other jobs (the next run takes the rest). */
const MAX_BATCHES_PER_RUN = 10;

/** Adds the delayed jobs of reminder rows that have none recorded (the reminders' own outbox). */
@JobHandler('reminder.relay')
export class ReminderRelayHandler implements JobHandlerOf<'reminder.relay'> {
  private readonly logger = new Logger(ReminderRelayHandler.name);

  constructor(private readonly jobs: ReminderJobs) {}

  async handle(): Promise<void> {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const added = await this.jobs.relayMissing();
      total += added;
      if (added < RELAY_BATCH) break;
    }
    if (total > 0) this.logger.warn({ added: total }, 'reminder jobs added by the relay');
  }
}
