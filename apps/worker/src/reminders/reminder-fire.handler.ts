import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ReminderFiringService } from '@mc/escalations';
import { JobHandler, type JobData, type JobHandlerOf } from '@mc/queue';

/** Fires one reminder: the service checks the row, notifies and marks it sent in one transaction. */
@JobHandler('reminder.fire')
export class ReminderFireHandler implements JobHandlerOf<'reminder.fire'> {
  private readonly logger = new Logger(ReminderFireHandler.name);

  constructor(private readonly firing: ReminderFiringService) {}

  async handle({ reminderId }: JobData<'reminder.fire'>, job: Job): Promise<void> {
    const result = await this.firing.fire(reminderId, job.id);
    if (result.outcome !== 'sent') {
      // Not an error: a cancelled or moved reminder leaves its old job behind when removal lost a race.
      this.logger.log({ reminderId, jobId: job.id, outcome: result.outcome }, 'reminder job skipped');
    }
  }
}
