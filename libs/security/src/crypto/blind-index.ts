import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { deriveSubkey } from './subkeys.js';

/*
 * Blind index: a keyed hash of a normalised contact value, stored next to its ciphertext so a
 * duplicate phone, email or Telegram handle can be found by exact match without decrypting.
 * HMAC-SHA256 rather than a plain hash: phone numbers are few enough to brute-force a plain hash
 * from a dump; without the key, the index reveals only which rows share a value.
 *
 * The HMAC key is derived from the master key with HKDF under its own `info`, so it is never the
 * same key as one that encrypts or wraps. Consequence: rotating the master key changes every index;
 * recompute them during rotation (an indexer built on the old key still finds old rows meanwhile).
 * The kind goes into the HMAC input (`phone:…`), so equal text under two kinds never matches.
 */

export type BlindIndexKind = 'phone' | 'email' | 'telegram';

/** Arabic-Indic and Extended Arabic-Indic (Persian, Urdu) digits, as typed on phones set to those scripts. */
function asciiDigits(value: string): string {
  return value.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}

/**
 * `+` and digits only (spaces, dashes, dots, parentheses and letters go); a leading `00` becomes
 * `+`. No country guessing: a national number (`0151…`) stays as written, so it matches only the
 * same national spelling. NFKC first so full-width digits and plus count.
 */
export function normalisePhone(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = asciiDigits(value.normalize('NFKC')).trim();
  let digits = text.replace(/\D/g, '');
  // A `+` before the first digit marks an international number, also inside `(+49) …`.
  if (/^\D*\+/.test(text)) digits = '+' + digits;
  else if (digits.startsWith('00')) digits = '+' + digits.slice(2);
  return /\d/.test(digits) ? digits : null;
}

/** Trim and lowercase only: removing dots or `+tags` is provider-specific and would merge different people. */
export function normaliseEmail(value: string | null | undefined): string | null {
  if (value == null) return null;
  const email = value.normalize('NFC').trim().toLowerCase();
  return email === '' ? null : email;
}

const TELEGRAM_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.me\/([^/?#]*)/i;

/** Accepts `@handle`, `handle`, `t.me/handle` and `https://t.me/handle`; Telegram usernames are case-insensitive. */
export function normaliseTelegram(value: string | null | undefined): string | null {
  if (value == null) return null;
  let handle = value.normalize('NFKC').trim();
  const link = TELEGRAM_LINK.exec(handle);
  if (link) handle = link[1]!;
  handle = handle.replace(/^@/, '').trim().toLowerCase();
  return handle === '' ? null : handle;
}

const NORMALISERS: Record<BlindIndexKind, (value: string | null | undefined) => string | null> = {
  phone: normalisePhone,
  email: normaliseEmail,
  telegram: normaliseTelegram,
};

export class BlindIndexer {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = deriveSubkey(masterKey, 'blindIndex');
  }

  /** 64 hex chars, or null when the value is empty after normalisation. */
  index(kind: BlindIndexKind, value: string | null | undefined): string | null {
    const normalised = NORMALISERS[kind](value);
    if (normalised === null) return null;
    return createHmac('sha256', this.#key).update(`${kind}:${normalised}`, 'utf8').digest('hex');
  }

  phone(value: string | null | undefined): string | null {
    return this.index('phone', value);
  }

  email(value: string | null | undefined): string | null {
    return this.index('email', value);
  }

  telegram(value: string | null | undefined): string | null {
    return this.index('telegram', value);
  }

  toJSON(): string {
    return 'BlindIndexer';
  }

  [inspect.custom](): string {
    return 'BlindIndexer {}';
  }
}
