import type { Job } from 'bullmq';
import { ChannelDeliveries, type DeliveryToSend } from '@mc/notifications';
import { DeliveryRunner, JobHandler, type DeliveryKind, type JobData, type JobHandlerOf } from '@mc/queue';
import { TelegramSender } from './telegram-sender.js';

/** Sends the Telegram copy of one notification. */
@JobHandler('telegram.send')
export class TelegramSendHandler implements JobHandlerOf<'telegram.send'> {
  private readonly delivery: DeliveryKind<DeliveryToSend>;

  constructor(
    private readonly runner: DeliveryRunner,
    deliveries: ChannelDeliveries,
    sender: TelegramSender,
  ) {
    this.delivery = deliveries.of(sender);
  }

  handle({ notificationId }: JobData<'telegram.send'>, job: Job): Promise<void> {
    return this.runner.run(job, notificationId, this.delivery);
  }
}
