import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationsService, type NotificationMessage, type NotifyResult } from '@mc/notifications';
import { AuditService, type RequestMeta, type UserActor } from '@mc/security';

/** Its text is in the catalogue (`libs/notifications/src/messages`), in every language. */
export const TEST_NOTIFICATION: NotificationMessage = { kind: 'test', params: {} };

/** An operator's check of the notification channels: one `test` notification, audited with it. */
@Injectable()
export class NotificationTestService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  send(userId: string, actor: UserActor, meta: RequestMeta): Promise<NotifyResult> {
    return this.db.transaction(async (manager) => {
      const result = await this.notifications.notify(manager, { userId, ...TEST_NOTIFICATION });
      await this.audit.record(
        {
          actor,
          action: 'notification.test',
          entityType: 'notification',
          entityId: result.notification.id,
          meta,
          details: { userId, channels: result.channels },
        },
        manager,
      );
      return result;
    });
  }
}
