import type { JobName } from '@mc/queue';
import type { NotificationChannel } from './notification-delivery.entity.js';

/** The job that sends a notification on each channel. */
export const DELIVERY_JOB = {
  email: 'email.send',
  telegram: 'telegram.send',
} as const satisfies Record<NotificationChannel, JobName>;

/** Deterministic, so a repeated relay or reconciler can never queue the same message twice. */
export function deliveryJobId(channel: NotificationChannel, notificationId: string): string {
  return `${channel}-${notificationId}`;
}
