import { en } from './en.js';
import { ru } from './ru.js';
import { uk } from './uk.js';
import {
  DEFAULT_NOTIFICATION_LOCALE,
  NOTIFICATION_KINDS,
  NOTIFICATION_LOCALES,
  type LocaleMessages,
  type NotificationKind,
  type NotificationLocale,
  type RenderedNotification,
  type TextParams,
} from './types.js';

export const NOTIFICATION_MESSAGES = { en, ru, uk } as const satisfies Record<NotificationLocale, LocaleMessages>;

export function isNotificationLocale(value: unknown): value is NotificationLocale {
  return typeof value === 'string' && (NOTIFICATION_LOCALES as readonly string[]).includes(value);
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

export function isTextParams(params: unknown): params is TextParams {
  if (typeof params !== 'object' || params === null) return false;
  const text = (params as { text?: unknown }).text;
  return (
    typeof text === 'object' &&
    text !== null &&
    typeof (text as { title?: unknown }).title === 'string' &&
    typeof (text as { body?: unknown }).body === 'string'
  );
}

/** The messages of `locale`, English for an unknown or missing one. */
export function messagesOf(locale: string | null | undefined): LocaleMessages {
  return NOTIFICATION_MESSAGES[isNotificationLocale(locale) ? locale : DEFAULT_NOTIFICATION_LOCALE];
}

function renderIn(messages: LocaleMessages, kind: NotificationKind, params: unknown): RenderedNotification {
  // The row's params were written for this kind by `notify` (typed there); a row is trusted here.
  const render = messages.kinds[kind] as (params: unknown) => RenderedNotification;
  return render(params);
}

/**
 * The title and body of a stored notification in `locale`. Text params are shown as stored; a kind
 * a language cannot render (bad params) falls back to English, and an unknown kind to its name, so
 * reading a list or sending a message never fails on one odd row.
 */
export function renderNotification(kind: string, params: unknown, locale?: string | null): RenderedNotification {
  if (isTextParams(params)) return { title: params.text.title, body: params.text.body };
  if (!isNotificationKind(kind)) return { title: kind, body: '' };
  try {
    return renderIn(messagesOf(locale), kind, params);
  } catch {
    try {
      return renderIn(NOTIFICATION_MESSAGES[DEFAULT_NOTIFICATION_LOCALE], kind, params);
    } catch {
      return { title: kind, body: '' };
    }
  }
}
