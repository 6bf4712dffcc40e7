import { Module } from '@nestjs/common';
import { NotificationsModule } from '@mc/notifications';
import { DeliveryRunner } from '@mc/queue';
import { EmailSendHandler } from './email-send.handler.js';
import { EmailSender } from './email-sender.js';
import { TelegramSendHandler } from './telegram-send.handler.js';
import { TelegramSender } from './telegram-sender.js';

/** The senders of notification deliveries (`email.send`, `telegram.send`), run by the generic DeliveryRunner. */
@Module({
  imports: [NotificationsModule],
  providers: [DeliveryRunner, EmailSender, TelegramSender, EmailSendHandler, TelegramSendHandler],
})
export class NotificationsWorkerModule {}
