import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { newId, fetchSizeFor, pageOf } from '@mc/database';
import { OutboxService } from '@mc/queue';
import { RecordNotFoundError, User } from '@mc/security';
import { checkNotificationContent } from './notification-content.js';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor.js';
import { NotificationDelivery, type NotificationChannel } from './notification-delivery.entity.js';
import { DELIVERY_JOB, deliveryJobId } from './notification-jobs.js';
import { Notification } from './notification.entity.js';

export interface NotifyInput {
  userId: string;
  /** `reminder.due`, `step.overdue`, `test`, ... */
  kind: string;
  /**
   * One line, at most 200 characters. With `body`: NO personal data of migrants (references such
   * as MC-2026-00042, step types and dates only): it leaves the system by e-mail and Telegram.
   */
  title: string;
  /** At most 1000 characters; same rule as `title`. */
  body: string;
  complaintId?: string | null;
  stepId?: string | null;
}

export interface NotifyResult {
  notification: Notification;
  /** Outside channels a delivery was queued on (the in-app copy always exists). */
  channels: NotificationChannel[];
}

export interface NotificationListQuery {
  unreadOnly?: boolean;
  limit: number;
  cursor?: string;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
}

type Recipient = Pick<User, 'id' | 'email' | 'active' | 'telegramChatId'>;

/** Which channels can reach this user on this installation. */
export function channelsFor(
  recipient: Pick<Recipient, 'email' | 'active' | 'telegramChatId'>,
  config: Pick<AppConfig, 'smtpUrl' | 'telegramBotToken'>,
): NotificationChannel[] {
  // A deactivated account keeps its in-app list but gets nothing outside.
  if (!recipient.active) return [];
  const channels: NotificationChannel[] = [];
  if (config.smtpUrl && recipient.email) channels.push('email');
  if (config.telegramBotToken && recipient.telegramChatId) channels.push('telegram');
  return channels;
}

/** In-app notifications of users and the queueing of their e-mail and Telegram copies. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Writes the notification, a delivery per channel that can reach the user, and the outbox rows
   * of their jobs, all with `manager`: they exist exactly when the caller's transaction commits.
   * An unknown user → `RecordNotFoundError`; bad content → `NotificationContentError`.
   */
  async notify(manager: EntityManager, input: NotifyInput): Promise<NotifyResult> {
    checkNotificationContent(input);
    const recipient: Recipient | null = await manager.findOne(User, {
      where: { id: input.userId },
      select: { id: true, email: true, active: true, telegramChatId: true },
    });
    if (!recipient) throw new RecordNotFoundError('User');
    const notification = manager.create(Notification, {
      id: newId(),
      userId: recipient.id,
      kind: input.kind,
      title: input.title,
      body: input.body,
      complaintId: input.complaintId ?? null,
      stepId: input.stepId ?? null,
      createdAt: new Date(),
      readAt: null,
    });
    await manager.insert(Notification, notification);
    const channels = channelsFor(recipient, this.config);
    for (const channel of channels) {
      await manager.insert(NotificationDelivery, {
        id: newId(),
        notificationId: notification.id,
        channel,
        status: 'pending',
        attempts: 0,
        lastError: null,
        sentAt: null,
      });
      await this.outbox.add(
        manager,
        DELIVERY_JOB[channel],
        { notificationId: notification.id },
        { jobId: deliveryJobId(channel, notification.id) },
      );
    }
    this.logger.log(
      { notificationId: notification.id, userId: recipient.id, kind: notification.kind, channels },
      'notification created',
    );
    return { notification, channels };
  }

  /** The user's notifications, newest first. */
  async list(userId: string, query: NotificationListQuery): Promise<NotificationPage> {
    const qb = this.db
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.user_id = :userId', { userId })
      .orderBy('n.id', 'DESC')
      .limit(fetchSizeFor(query.limit));
    if (query.unreadOnly) qb.andWhere('n.read_at IS NULL');
    if (query.cursor) qb.andWhere('n.id < :before', { before: decodeNotificationCursor(query.cursor) });
    return pageOf(await qb.getMany(), query.limit, (last) => encodeNotificationCursor(last.id));
  }

  /** Marks the user's own notification read (the first read time stays); someone else's → 404. */
  async markRead(userId: string, id: string): Promise<Notification> {
    const [rows] = (await this.db.query(
      `UPDATE "notifications" SET "read_at" = COALESCE("read_at", now())
        WHERE "id" = $1 AND "user_id" = $2
        RETURNING "id"`,
      [id, userId],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw new RecordNotFoundError('Notification');
    return this.db.getRepository(Notification).findOneByOrFail({ id });
  }
}
