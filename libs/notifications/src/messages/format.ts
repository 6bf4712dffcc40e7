import type { NotificationLocale, StepDueParams } from './types.js';

/** Dates are stated in UTC, as the tracker always has (legal last days are plain dates). */
const TIME_ZONE = 'UTC';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: NotificationLocale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      timeZone: TIME_ZONE,
    });
    dateFormats.set(key, format);
  }
  return format;
}

/** English, as the tracker has written it since the start: `2026-05-04` or `2026-05-04 12:00 UTC`. */
export function isoDueText(params: Pick<StepDueParams, 'dueDate' | 'dueAt'>, noDate: string): string {
  if (params.dueDate !== null) return params.dueDate;
  if (params.dueAt === null) return noDate;
  return `${new Date(params.dueAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The day in the words of `locale` (`4 мая 2026 г.`, `4 травня 2026 р., 12:00 UTC`). */
export function localDueText(
  locale: NotificationLocale,
  params: Pick<StepDueParams, 'dueDate' | 'dueAt'>,
  noDate: string,
): string {
  if (params.dueDate !== null) return dateFormat(locale, false).format(new Date(`${params.dueDate}T00:00:00Z`));
  if (params.dueAt === null) return noDate;
  return `${dateFormat(locale, true).format(new Date(params.dueAt))} UTC`;
}

/** Ends `text` with a full stop, unless it ends with one already (`4 мая 2026 г.`). */
export function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/**
 * A rule or calendar version key as people read it: `nl.atw.3@2` → `nl.atw.3 v2`. The `@` would
 * also make the content check take the key for an e-mail address or a handle.
 */
export function versionText(versionKey: string): string {
  return versionKey.replace('@', ' v');
}

/**
 * The days a legal end rolled past, for one sentence: `2027-05-05 (5 May, Algemene termijnenwet
 * art. 3), 2027-05-06 (Ascension Day, …)`. Null when it did not roll (or the row predates it).
 * The reasons come from the rule engine in English, with the law's own names of the lists.
 */
export function rolledOverList(params: Pick<StepDueParams, 'rolledOver'>): string | null {
  const days = params.rolledOver ?? [];
  if (days.length === 0) return null;
  return days.map((day) => `${day.date} (${day.reason})`).join(', ');
}
