import type { Job } from 'bullmq';
import { JobHandler, type JobData, type JobHandlerOf } from '@mc/queue';
import { DeliveryRunner } from './delivery-runner.js';
import { EmailSender } from './email-sender.js';

/** Sends the e-mail copy of one notification. */
@JobHandler('email.send')
export class EmailSendHandler implements JobHandlerOf<'email.send'> {
  constructor(
    private readonly runner: DeliveryRunner,
    private readonly sender: EmailSender,
  ) {}

  handle({ notificationId }: JobData<'email.send'>, job: Job): Promise<void> {
    return this.runner.run(job, notificationId, this.sender);
  }
}
