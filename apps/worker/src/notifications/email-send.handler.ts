import type { Job } from 'bullmq';
import { ChannelDeliveries, type DeliveryToSend } from '@mc/notifications';
import { DeliveryRunner, JobHandler, type DeliveryKind, type JobData, type JobHandlerOf } from '@mc/queue';
import { EmailSender } from './email-sender.js';

/** Sends the e-mail copy of one notification. */
@JobHandler('email.send')
export class EmailSendHandler implements JobHandlerOf<'email.send'> {
  private readonly delivery: DeliveryKind<DeliveryToSend>;

  constructor(
    private readonly runner: DeliveryRunner,
    deliveries: ChannelDeliveries,
    sender: EmailSender,
  ) {
    this.delivery = deliveries.of(sender);
  }

  handle({ notificationId }: JobData<'email.send'>, job: Job): Promise<void> {
    return this.runner.run(job, notificationId, this.delivery);
  }
}
