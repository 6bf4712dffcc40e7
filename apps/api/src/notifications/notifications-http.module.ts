import { Module } from '@nestjs/common';
import { NotificationsModule } from '@mc/notifications';
import { SecurityModule } from '@mc/security';
import { NotificationTestService } from './notification-test.service.js';
import { NotificationsController } from './notifications.controller.js';

/** HTTP routes of /notifications. */
@Module({
  imports: [NotificationsModule, SecurityModule],
  controllers: [NotificationsController],
  providers: [NotificationTestService],
})
export class NotificationsHttpModule {}
