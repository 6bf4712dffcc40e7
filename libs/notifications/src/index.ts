export * from './channel-deliveries.js';
export * from './messages/index.js';
export * from './notification-content.js';
export * from './notification-cursor.js';
export * from './notification-deliveries.service.js';
export * from './notification-delivery.entity.js';
export * from './notification-jobs.js';
export * from './notification.entity.js';
export * from './notifications.module.js';
export * from './notifications.service.js';
export * from './step-types.js';

import { NotificationDelivery } from './notification-delivery.entity.js';
import { Notification } from './notification.entity.js';

/** Entities of this library, for the migration CLI's data source. */
export const notificationEntities = [Notification, NotificationDelivery];
