import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import type { ChannelSender, DeliveryToSend, OutgoingMessage } from '@mc/notifications';
import { failureCode, type SendFailure } from '@mc/queue';

type Transport = ReturnType<typeof createTransport>;

/** Bounds every SMTP step, so a silent server fails the attempt instead of holding the job. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** E-mail through the SMTP server of `SMTP_URL`, from `MAIL_FROM`. */
@Injectable()
export class EmailSender implements ChannelSender, OnApplicationShutdown {
  readonly channel = 'email' as const;
  private transport?: Transport;
  private readonly messageIdDomain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.messageIdDomain = new URL(config.publicBaseUrl).hostname || 'localhost';
  }

  isConfigured(): boolean {
    return Boolean(this.config.smtpUrl);
  }

  addressOf(recipient: DeliveryToSend['recipient']): string | null {
    return recipient.email || null;
  }

  async send(address: string, message: OutgoingMessage): Promise<void> {
    this.transport ??= createTransport({ url: this.config.smtpUrl!, ...SMTP_TIMEOUTS });
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: address,
      subject: message.subject,
      text: message.text,
      // The same id on a resend (a crash between sending and recording it) lets mail systems
      // recognise the duplicate.
      messageId: `<notification-${message.notificationId}@${this.messageIdDomain}>`,
    });
  }

  /** A 5xx reply is the server's final word (unknown recipient, rejected sender); anything else may pass later. */
  classify(error: unknown): SendFailure {
    const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
    if (typeof responseCode === 'number') {
      return { code: failureCode('smtp', responseCode), retryable: responseCode < 500 };
    }
    return { code: failureCode('smtp', code), retryable: true };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
