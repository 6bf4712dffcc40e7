import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { NotificationDeliveriesService, notificationText } from '@mc/notifications';
import type { ChannelSender } from './channel-sender.js';

/** A send that failed and will be retried; the message holds ids and a code only (it lands in dead_letters). */
export class DeliveryFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailedError';
  }
}

/** Whether BullMQ will give up after this attempt (`attemptsMade` counts the earlier failures). */
export function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * One delivery job, for any channel: read the row, check its state, send, record the outcome.
 * Only a `pending` delivery is sent, and every state write is guarded by `pending`, so running a
 * job twice sends once. A failure is recorded as a code and rethrown so BullMQ retries with
 * backoff; when retrying cannot help (or this was the last attempt) the delivery becomes `failed`.
 */
@Injectable()
export class DeliveryRunner {
  private readonly logger = new Logger(DeliveryRunner.name);

  constructor(
    private readonly deliveries: NotificationDeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(job: Job, notificationId: string, sender: ChannelSender): Promise<void> {
    const { channel } = sender;
    const target = await this.deliveries.findToSend(notificationId, channel);
    // The delivery row commits with the outbox row that caused this job: it will never appear.
    if (!target) throw new UnrecoverableError(`No ${channel} delivery for notification ${notificationId}`);
    const ids = { notificationId, deliveryId: target.deliveryId, channel, jobId: job.id };
    if (target.status !== 'pending') {
      this.logger.log({ ...ids, status: target.status }, 'delivery already finished');
      return;
    }
    const address = target.recipient.active ? sender.addressOf(target.recipient) : null;
    if (!address) {
      const reason = target.recipient.active ? 'no_recipient_address' : 'user_inactive';
      await this.deliveries.markSkipped(target.deliveryId, reason);
      this.logger.log({ ...ids, outcome: 'skipped', reason }, 'delivery skipped');
      return;
    }
    if (!sender.isConfigured()) {
      // The API queued it with the channel configured; this worker lacks the setting.
      await this.deliveries.recordFailure(target.deliveryId, `${channel}_not_configured`, true);
      throw new UnrecoverableError(`${channel} delivery ${target.deliveryId}: channel not configured on this worker`);
    }

    try {
      await sender.send(address, {
        notificationId,
        subject: target.title,
        text: notificationText(target, this.config.publicBaseUrl),
      });
    } catch (error) {
      const failure = sender.classify(error);
      const final = !failure.retryable || isLastAttempt(job);
      await this.deliveries.recordFailure(target.deliveryId, failure.code, final);
      this.logger.warn(
        { ...ids, outcome: final ? 'failed' : 'retry', code: failure.code, attempt: job.attemptsMade + 1 },
        'delivery attempt failed',
      );
      const message = `${channel} delivery ${target.deliveryId} failed: ${failure.code}`;
      throw failure.retryable ? new DeliveryFailedError(message) : new UnrecoverableError(message);
    }
    await this.deliveries.markSent(target.deliveryId);
    this.logger.log({ ...ids, outcome: 'sent', attempt: job.attemptsMade + 1 }, 'delivery sent');
  }
}
