import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import type { ChannelSender, DeliveryToSend, OutgoingMessage } from '@mc/notifications';
import { failureCode, type SendFailure } from '@mc/queue';

export const TELEGRAM_TIMEOUT_MS = 10_000;

/** A failed Bot API call, described by a code only (the URL holds the bot token). */
export class TelegramSendError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(`Telegram sendMessage failed: ${code}`);
    this.name = 'TelegramSendError';
  }
}

/**
 * Telegram messages through the Bot API at `TELEGRAM_API_URL`. A fixed, trusted host chosen by
 * the operator (not a partner's URL), so the outbound SSRF guard does not apply.
 */
@Injectable()
export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  isConfigured(): boolean {
    return Boolean(this.config.telegramBotToken);
  }

  addressOf(recipient: DeliveryToSend['recipient']): string | null {
    return recipient.telegramChatId || null;
  }

  async send(chatId: string, message: OutgoingMessage): Promise<void> {
    const url = `${this.config.telegramApiUrl}/bot${this.config.telegramBotToken}/sendMessage`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text: message.text }),
        signal: AbortSignal.timeout(TELEGRAM_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new TelegramSendError(timedOut ? 'telegram_timeout' : 'telegram_network', true);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      // 429: flood control; 5xx: Telegram's side. Any other 4xx (chat not found, bot blocked,
      // bad token) will answer the same way next time.
      const retryable = response.status === 429 || response.status >= 500;
      throw new TelegramSendError(failureCode('telegram', response.status), retryable);
    }
    const reply = (await response.json().catch(() => null)) as { ok?: unknown } | null;
    if (reply?.ok !== true) throw new TelegramSendError('telegram_bad_reply', true);
  }

  classify(error: unknown): SendFailure {
    if (error instanceof TelegramSendError) return { code: error.code, retryable: error.retryable };
    return { code: 'telegram_error', retryable: true };
  }
}
