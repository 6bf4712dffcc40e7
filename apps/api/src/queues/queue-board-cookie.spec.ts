import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QUEUE_BOARD_COOKIE_TTL_SECONDS, QueueBoardCookies } from './queue-board-cookie.js';

describe('QueueBoardCookies', () => {
  const masterKey = randomBytes(32);
  const cookies = new QueueBoardCookies(masterKey);
  const sessionId = randomUUID();
  const issuedAt = new Date('2026-12-03T10:00:00Z');

  it('reads back the session of a cookie it issued, until it expires', () => {
    const { value, maxAgeSeconds } = cookies.issue(sessionId, issuedAt);
    expect(maxAgeSeconds).toBe(QUEUE_BOARD_COOKIE_TTL_SECONDS);
    expect(cookies.read(value, new Date(issuedAt.getTime() + 60_000))).toEqual({
      sessionId,
      expiresAt: new Date(issuedAt.getTime() + QUEUE_BOARD_COOKIE_TTL_SECONDS * 1000),
    });
    expect(cookies.read(value, new Date(issuedAt.getTime() + QUEUE_BOARD_COOKIE_TTL_SECONDS * 1000))).toBeNull();
  });

  it('refuses a cookie signed under another master key, or with any part changed', () => {
    const { value } = cookies.issue(sessionId, issuedAt);
    const now = new Date(issuedAt.getTime() + 1000);
    expect(new QueueBoardCookies(randomBytes(32)).read(value, now)).toBeNull();
    const [id, expires, mac] = value.split('.') as [string, string, string];
    expect(cookies.read(`${randomUUID()}.${expires}.${mac}`, now)).toBeNull();
    expect(cookies.read(`${id}.${Number(expires) + 1}.${mac}`, now)).toBeNull();
    expect(cookies.read(`${id}.${expires}.${mac.slice(0, -2)}`, now)).toBeNull();
    for (const junk of ['', '...', `${id}.${expires}`, `${value}.x`, 'mcs_' + 'a'.repeat(43)]) {
      expect(cookies.read(junk, now)).toBeNull();
    }
  });
});
