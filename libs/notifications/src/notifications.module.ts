import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '@mc/security';
import { ChannelDeliveries } from './channel-deliveries.js';
import { NotificationDeliveriesService } from './notification-deliveries.service.js';
import { NotificationDelivery } from './notification-delivery.entity.js';
import { Notification } from './notification.entity.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications of users: in-app rows, and their e-mail/Telegram deliveries queued through the
 * outbox, and each channel's deliveries as a kind for the `DeliveryRunner` of `@mc/queue`. Needs the
 * global `ConfigModule` and `QueueModule`; the senders (SMTP, Bot API) live in the worker.
 */
@Module({
  // User: notifications reference it (foreign key, recipient lookup); the worker has no SecurityModule.
  imports: [TypeOrmModule.forFeature([Notification, NotificationDelivery, User])],
  providers: [NotificationsService, NotificationDeliveriesService, ChannelDeliveries],
  exports: [NotificationsService, NotificationDeliveriesService, ChannelDeliveries],
})
export class NotificationsModule {}
