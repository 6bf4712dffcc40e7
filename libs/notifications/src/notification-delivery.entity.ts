import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Notification } from './notification.entity.js';

export const NOTIFICATION_CHANNELS = ['email', 'telegram'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `pending` until sent; `failed` when retrying cannot help or attempts ran out; `skipped` when there was no one to send to. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One copy of a notification on one outside channel, sent by the `email.send` / `telegram.send`
 * job of the notification (at most one row per channel, so a repeated job finds the same row).
 * `last_error` holds a short code (`smtp_EAUTH`, `telegram_429`), never a message text or address.
 */
@Entity({ name: 'notification_deliveries' })
@Index('uq_notification_deliveries_notification_channel', ['notificationId', 'channel'], { unique: true })
@Check('chk_notification_deliveries_channel', `"channel" IN ('email', 'telegram')`)
@Check('chk_notification_deliveries_status', `"status" IN ('pending', 'sent', 'failed', 'skipped')`)
export class NotificationDelivery {
  @UuidPrimaryColumn('PK_notification_deliveries')
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_notification_deliveries_notification' })
  notification?: Notification;

  @Column({ type: 'text' })
  channel!: NotificationChannel;

  @Column({ type: 'text', default: 'pending' })
  status!: DeliveryStatus;

  /** Send attempts made so far (successful or not). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
