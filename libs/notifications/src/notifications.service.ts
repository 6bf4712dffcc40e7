import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { keysetPage, newId } from '@mc/database';
import { OutboxService } from '@mc/queue';
import { RecordNotFoundError, usersRepository, type UserContact } from '@mc/security';
import { renderNotification } from './messages/render.js';
import type { NotificationMessage, RenderedNotification } from './messages/types.js';
import { checkNotificationContent } from './notification-content.js';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor.js';
import { NotificationDelivery, type NotificationChannel } from './notification-delivery.entity.js';
import { DELIVERY_JOB, deliveryJobId } from './notification-jobs.js';
import { Notification } from './notification.entity.js';

/**
 * A notification written as text: shown as given in every language. For ad hoc messages only;
 * what the tracker says itself is a `NotificationMessage` of the catalogue (`messages/`).
 */
export interface NotificationText {
  /** `test`, ... any dotted lower-case name. */
  kind: string;
  /**
   * One line, at most 200 characters. With `body`: NO personal data of migrants (references such
   * as MC-2026-00042, step types and dates only): it leaves the system by e-mail and Telegram.
   */
  title: string;
  /** At most 1000 characters; same rule as `title`. */
  body: string;
  params?: never;
}

/**
 * Whom to notify and what to say: a message of the catalogue (`kind` and `params`, rendered in the
 * recipient's language when read or sent) or a literal text.
 */
export type NotifyInput = (NotificationMessage | NotificationText) & {
  userId: string;
  complaintId?: string | null;
  stepId?: string | null;
};

/** A notification with its text rendered in its recipient's language. */
export type NotificationView = Notification & RenderedNotification;

export interface NotifyResult {
  /** Rendered in the recipient's language. */
  notification: NotificationView;
  /** Outside channels a delivery was queued on (the in-app copy always exists). */
  channels: NotificationChannel[];
}

export interface NotificationListQuery {
  unreadOnly?: boolean;
  limit: number;
  cursor?: string;
}

export interface NotificationPage {
  /** Rendered in the user's language. */
  items: NotificationView[];
  nextCursor: string | null;
}

/** What a row stores for `input`: the message's kind and params, or the text as `params.text`. */
function storedMessage(input: NotificationMessage | NotificationText): Pick<Notification, 'kind' | 'params'> {
  if (input.params !== undefined) return { kind: input.kind, params: input.params };
  const text = input as NotificationText;
  return { kind: text.kind, params: { text: { title: text.title, body: text.body } } };
}

/** `notification` with its text in `locale`. */
export function renderedView(notification: Notification, locale: string | null | undefined): NotificationView {
  return Object.assign(notification, renderNotification(notification.kind, notification.params, locale));
}

/** Which channels can reach this user on this installation. */
export function channelsFor(
  recipient: Pick<UserContact, 'email' | 'active' | 'telegramChatId'>,
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
   * An unknown user → `RecordNotFoundError`; bad content → `NotificationContentError` (checked
   * on the English text: params are the same in every language).
   */
  async notify(manager: EntityManager, input: NotifyInput): Promise<NotifyResult> {
    const stored = storedMessage(input);
    checkNotificationContent({ kind: stored.kind, ...renderNotification(stored.kind, stored.params, 'en') });
    const recipient = await usersRepository.contactOf(manager, input.userId);
    if (!recipient) throw new RecordNotFoundError('User');
    const notification = manager.create(Notification, {
      id: newId(),
      userId: recipient.userId,
      kind: stored.kind,
      params: stored.params,
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
      { notificationId: notification.id, userId: recipient.userId, kind: notification.kind, channels },
      'notification created',
    );
    return { notification: renderedView(notification, recipient.locale), channels };
  }

  /** The user's notifications, newest first. */
  async list(userId: string, query: NotificationListQuery): Promise<NotificationPage> {
    const qb = this.db.getRepository(Notification).createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (query.unreadOnly) qb.andWhere('n.read_at IS NULL');
    const before = query.cursor ? decodeNotificationCursor(query.cursor) : undefined;
    const page = await keysetPage(qb, { key: 'n.id', order: 'DESC', limit: query.limit, after: before }, (last) =>
      encodeNotificationCursor(last.id),
    );
    const locale = await this.localeOf(userId);
    return { items: page.items.map((n) => renderedView(n, locale)), nextCursor: page.nextCursor };
  }

  /** Marks the user's own notification read (the first read time stays); someone else's → 404. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    const [rows] = (await this.db.query(
      `UPDATE "notifications" SET "read_at" = COALESCE("read_at", now())
        WHERE "id" = $1 AND "user_id" = $2
        RETURNING "id"`,
      [id, userId],
    )) as [{ id: string }[], number];
    if (rows.length === 0) throw new RecordNotFoundError('Notification');
    const notification = await this.db.getRepository(Notification).findOneByOrFail({ id });
    return renderedView(notification, await this.localeOf(userId));
  }

  /** The language the user reads in (English for an unknown user). */
  private async localeOf(userId: string): Promise<string | null> {
    return (await usersRepository.contactOf(this.db.manager, userId))?.locale ?? null;
  }
}
