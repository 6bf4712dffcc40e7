import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import type { DeliveryKind, SendFailure } from '@mc/queue';
import { notificationText } from './notification-content.js';
import { NotificationDeliveriesService, type DeliveryToSend } from './notification-deliveries.service.js';
import type { NotificationChannel } from './notification-delivery.entity.js';

export interface OutgoingMessage {
  notificationId: string;
  subject: string;
  text: string;
}

/** One outside channel: whether it is set up, who to send to, how to send, how to read a failure. */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  isConfigured(): boolean;
  addressOf(recipient: DeliveryToSend['recipient']): string | null;
  send(address: string, message: OutgoingMessage): Promise<void>;
  classify(error: unknown): SendFailure;
}

/**
 * The notification deliveries of one channel as a delivery kind for `DeliveryRunner`: the rows of
 * `notification_deliveries`, the recipient's address on that channel, the rendered text.
 */
@Injectable()
export class ChannelDeliveries {
  constructor(
    private readonly deliveries: NotificationDeliveriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  of(sender: ChannelSender): DeliveryKind<DeliveryToSend> {
    const { deliveries, config } = this;
    const channel = sender.channel;
    return {
      kind: channel,
      subject: { name: 'notification', logField: 'notificationId' },
      find: (notificationId) => deliveries.findToSend(notificationId, channel),
      destinationOf: (target) => {
        const address = target.recipient.active ? sender.addressOf(target.recipient) : null;
        if (address) return { address };
        return { skip: target.recipient.active ? 'no_recipient_address' : 'user_inactive' };
      },
      isConfigured: () => sender.isConfigured(),
      send: (target, address) =>
        sender.send(address, {
          notificationId: target.notificationId,
          subject: target.title,
          text: notificationText(target, config.publicBaseUrl, target.recipient.locale),
        }),
      classify: (error) => sender.classify(error),
      markSkipped: (target, reason) => deliveries.markSkipped(target.deliveryId, reason),
      recordFailure: (target, code, final) => deliveries.recordFailure(target.deliveryId, code, final),
      markSent: (target) => deliveries.markSent(target.deliveryId),
    };
  }
}
