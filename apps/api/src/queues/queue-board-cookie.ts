import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveSubkey } from '@mc/security';

/** How long a browser may use the board after opening it with its API token. */
export const QUEUE_BOARD_COOKIE_TTL_SECONDS = 15 * 60;

const SESSION_ID = /^[0-9a-f-]{36}$/;

export interface QueueBoardGrant {
  /** The API session the board was opened with: revoking it (logout) closes the board too. */
  readonly sessionId: string;
  readonly expiresAt: Date;
}

/**
 * Signs and reads the queue board's cookie: `<sessionId>.<expiry, unix s>.<HMAC>`. It names the
 * session instead of carrying its bearer token, so a copied cookie opens only the board, only for
 * minutes, and only while that session and its admin are still valid.
 */
export class QueueBoardCookies {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    // A key of its own: a board cookie is worth nothing anywhere else, and no other key forges one.
    this.#key = deriveSubkey(masterKey, 'queueBoardCookie');
  }

  issue(sessionId: string, now = new Date()): { value: string; maxAgeSeconds: number } {
    const expires = Math.floor(now.getTime() / 1000) + QUEUE_BOARD_COOKIE_TTL_SECONDS;
    const payload = `${sessionId}.${expires}`;
    return { value: `${payload}.${this.#mac(payload)}`, maxAgeSeconds: QUEUE_BOARD_COOKIE_TTL_SECONDS };
  }

  /** The grant of a well-formed, authentic, unexpired cookie; null for anything else. */
  read(value: string, now = new Date()): QueueBoardGrant | null {
    const [sessionId, expires, mac, ...rest] = value.split('.');
    if (!sessionId || !expires || !mac || rest.length > 0 || !SESSION_ID.test(sessionId) || !/^\d{1,12}$/.test(expires))
      return null;
    const expected = Buffer.from(this.#mac(`${sessionId}.${expires}`), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expiresAt = new Date(Number(expires) * 1000);
    return expiresAt > now ? { sessionId, expiresAt } : null;
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload, 'utf8').digest('base64url');
  }
}
