import { messagesOf } from './messages/render.js';
import { NOTIFICATION_KINDS } from './messages/types.js';

/**
 * What a notification may say. Titles and bodies travel by e-mail and Telegram, through servers
 * we do not control, and sit in inboxes for years. So the rule for every caller of `notify` is:
 *
 *   NO personal data of migrants: no names, contacts, addresses, employer names that could be a
 *   household, or free text from a case. Only case references (`MC-2026-00042`), step types
 *   (`labour court claim`), dates and counts. The reader opens the tracker for the rest.
 *
 * `checkNotificationContent` enforces the shape and trips on the most obvious leaks (e-mail
 * addresses, @handles, phone numbers); it is a tripwire, not a proof: callers own the rule.
 */
export const NOTIFICATION_KIND_PATTERN = /^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/;
export const NOTIFICATION_KIND_MAX = 50;
export const NOTIFICATION_TITLE_MAX = 200;
export const NOTIFICATION_BODY_MAX = 1_000;

/** Kinds of the message catalogue; the column accepts any dotted lower-case name (texts may use their own). */
export const KNOWN_NOTIFICATION_KINDS = NOTIFICATION_KINDS;

export class NotificationContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationContentError';
  }
}

const EMAIL_OR_HANDLE = /@[A-Za-z0-9_]/;
const PHONE_NUMBER = /\+\s?\d(?:[\s\-()]?\d){5,}/;

export interface NotificationContent {
  kind: string;
  title: string;
  body: string;
}

/** Throws `NotificationContentError` (a programming error: the caller built a bad message). */
export function checkNotificationContent({ kind, title, body }: NotificationContent): void {
  if (kind.length > NOTIFICATION_KIND_MAX || !NOTIFICATION_KIND_PATTERN.test(kind)) {
    throw new NotificationContentError('kind must be a dotted lower-case name such as reminder.due');
  }
  if (title.trim().length === 0 || title.length > NOTIFICATION_TITLE_MAX || /[\r\n]/.test(title)) {
    throw new NotificationContentError(`title must be one line of 1 to ${NOTIFICATION_TITLE_MAX} characters`);
  }
  if (body.length > NOTIFICATION_BODY_MAX) {
    throw new NotificationContentError(`body must have at most ${NOTIFICATION_BODY_MAX} characters`);
  }
  for (const [field, text] of [
    ['title', title],
    ['body', body],
  ] as const) {
    // The message names the field only: echoing the text would copy the leak into a log.
    if (EMAIL_OR_HANDLE.test(text) || PHONE_NUMBER.test(text)) {
      throw new NotificationContentError(`${field} looks like it holds contact data; notifications must not`);
    }
  }
}

/** The plain text of the e-mail and the Telegram message, in `locale` (English by default). */
export function notificationText(
  notification: { title: string; body: string },
  publicBaseUrl: string,
  locale?: string | null,
): string {
  const parts = [notification.title];
  if (notification.body.trim()) parts.push(notification.body.trim());
  parts.push(messagesOf(locale).openTracker(publicBaseUrl));
  return parts.join('\n\n');
}
