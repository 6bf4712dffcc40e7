import type { DeliveryToSend, NotificationChannel } from '@mc/notifications';

export interface OutgoingMessage {
  notificationId: string;
  subject: string;
  text: string;
}

/** Why a send failed, as a short code that is safe to store and log (no addresses, no texts). */
export interface SendFailure {
  code: string;
  /** false when retrying cannot help (the server refused the message or the recipient for good). */
  retryable: boolean;
}

/** One outside channel: whether it is set up, who to send to, how to send, how to read a failure. */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  isConfigured(): boolean;
  addressOf(recipient: DeliveryToSend['recipient']): string | null;
  send(address: string, message: OutgoingMessage): Promise<void>;
  classify(error: unknown): SendFailure;
}

/** Codes end up in `last_error` and logs: keep them to letters, digits and `_`. */
export function failureCode(prefix: string, detail: string | number | undefined): string {
  const clean = String(detail ?? 'error')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .slice(0, 40);
  return `${prefix}_${clean || 'error'}`;
}
