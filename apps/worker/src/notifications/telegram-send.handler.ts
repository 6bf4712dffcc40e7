import type { Job } from 'bullmq';
import { JobHandler, type JobData, type JobHandlerOf } from '@mc/queue';
import { DeliveryRunner } from './delivery-runner.js';
import { TelegramSender } from './telegram-sender.js';

/** Sends the Telegram copy of one notification. */
@JobHandler('telegram.send')
export class TelegramSendHandler implements JobHandlerOf<'telegram.send'> {
  constructor(
    private readonly runner: DeliveryRunner,
    private readonly sender: TelegramSender,
  ) {}

  handle({ notificationId }: JobData<'telegram.send'>, job: Job): Promise<void> {
    return this.runner.run(job, notificationId, this.sender);
  }
}
