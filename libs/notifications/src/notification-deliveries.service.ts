import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { usersRepository, type UserContact } from '@mc/security';
import { renderNotification } from './messages/render.js';
import type { DeliveryStatus, NotificationChannel } from './notification-delivery.entity.js';

/** A delivery with what sending it needs, read at send time. */
export interface DeliveryToSend {
  deliveryId: string;
  notificationId: string;
  channel: NotificationChannel;
  status: DeliveryStatus;
  attempts: number;
  /** Rendered in the recipient's language at the time of sending. */
  title: string;
  body: string;
  recipient: UserContact;
}

interface DeliveryRow {
  delivery_id: string;
  notification_id: string;
  channel: NotificationChannel;
  status: DeliveryStatus;
  attempts: number;
  kind: string;
  params: unknown;
  user_id: string;
}

/** Longest error code kept; codes are ours (`smtp_ECONNECTION`, `telegram_429`), never message texts. */
const MAX_ERROR_CODE_LENGTH = 100;

/**
 * State of the outside deliveries, for the worker's send handlers. Every write is guarded by
 * `status = 'pending'`, so a repeated or late job can never move a finished delivery.
 */
@Injectable()
export class NotificationDeliveriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findToSend(notificationId: string, channel: NotificationChannel): Promise<DeliveryToSend | null> {
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d."id" AS "delivery_id", d."notification_id", d."channel", d."status", d."attempts",
              n."kind", n."params", n."user_id"
         FROM "notification_deliveries" d
         JOIN "notifications" n ON n."id" = d."notification_id"
        WHERE d."notification_id" = $1 AND d."channel" = $2`,
      [notificationId, channel],
    );
    const row = rows[0];
    if (!row) return null;
    // The user row belongs to @mc/security; a notification's user is never deleted (FK).
    const recipient = await usersRepository.contactOf(this.db.manager, row.user_id);
    if (!recipient) return null;
    const { title, body } = renderNotification(row.kind, row.params, recipient.locale);
    return {
      deliveryId: row.delivery_id,
      notificationId: row.notification_id,
      channel: row.channel,
      status: row.status,
      attempts: row.attempts,
      title,
      body,
      recipient,
    };
  }

  /** false when the delivery was no longer pending (another run finished it). */
  async markSent(deliveryId: string): Promise<boolean> {
    return this.update(`"status" = 'sent', "sent_at" = now(), "attempts" = "attempts" + 1`, [deliveryId]);
  }

  /** Counts a failed attempt; `final` also marks the delivery `failed`. */
  async recordFailure(deliveryId: string, code: string, final: boolean): Promise<boolean> {
    return this.update(
      `"attempts" = "attempts" + 1, "last_error" = $2,
       "status" = CASE WHEN $3::boolean THEN 'failed' ELSE "status" END`,
      [deliveryId, code.slice(0, MAX_ERROR_CODE_LENGTH), final],
    );
  }

  /** Nothing to send to (account deactivated, chat id removed): done without an attempt. */
  async markSkipped(deliveryId: string, code: string): Promise<boolean> {
    return this.update(`"status" = 'skipped', "last_error" = $2`, [deliveryId, code.slice(0, MAX_ERROR_CODE_LENGTH)]);
  }

  private async update(set: string, params: unknown[]): Promise<boolean> {
    const [, affected] = (await this.db.query(
      `UPDATE "notification_deliveries" SET ${set} WHERE "id" = $1 AND "status" = 'pending'`,
      params,
    )) as [unknown, number];
    return affected > 0;
  }
}
