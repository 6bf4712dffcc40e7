import { InvalidCursorError, decodeOpaqueCursor, encodeOpaqueCursor, isUuid } from '@mc/database';
import { normalisePhone, normaliseTelegram, type BlindIndexKind } from '@mc/security';

/**
 * What a `?q=` on /workers asks for. A contact value is looked up exactly through its blind index
 * (the only way to search an encrypted phone, email or handle); anything else is a name.
 */
export type WorkerSearch =
  { kind: 'none' } | { kind: 'contact'; field: BlindIndexKind; value: string } | { kind: 'name'; text: string };

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const TELEGRAM = /^(?:@[A-Za-z0-9_]{3,32}|(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/[A-Za-z0-9_]{3,32}\/?)$/i;
const PHONE_CHARS = /^[+(]?[\d\s().\-/+]+$/;
const MIN_PHONE_DIGITS = 6;

export function classifyWorkerSearch(q: string | undefined): WorkerSearch {
  const text = q?.trim() ?? '';
  if (text === '') return { kind: 'none' };
  if (TELEGRAM.test(text) && normaliseTelegram(text) !== null)
    return { kind: 'contact', field: 'telegram', value: text };
  if (EMAIL.test(text)) return { kind: 'contact', field: 'email', value: text };
  if (PHONE_CHARS.test(text)) {
    const phone = normalisePhone(text);
    if (phone !== null && phone.replace(/\D/g, '').length >= MIN_PHONE_DIGITS) {
      return { kind: 'contact', field: 'phone', value: text };
    }
  }
  return { kind: 'name', text };
}

/*
 * List cursors continue after a worker id (ids are UUID v7, so id order is creation order). The
 * cursor never holds a name or a contact: URLs end up in logs and browser histories.
 */

export function encodeWorkerCursor(afterId: string): string {
  return encodeOpaqueCursor({ a: afterId });
}

export function decodeWorkerCursor(cursor: string): string {
  const after = decodeOpaqueCursor(cursor).a;
  if (typeof after !== 'string' || !isUuid(after)) throw new InvalidCursorError();
  return after.toLowerCase();
}
