import { describe, expect, it } from 'vitest';
import { checkNotificationContent, NotificationContentError, notificationText } from './notification-content.js';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor.js';
import { channelsFor } from './notifications.service.js';

/** The case reference's year comes from the clock, as a real reference's does. */
const YEAR = new Date().getUTCFullYear();

describe('notification content', () => {
  const ok = {
    kind: 'reminder.due',
    title: `MC-${YEAR}-00042: labour court claim due 2026-05-04`,
    body: 'Due in 3 days.',
  };

  it('accepts references, step types, dates and counts', () => {
    expect(() => checkNotificationContent(ok)).not.toThrow();
    expect(() => checkNotificationContent({ ...ok, kind: 'test', body: '' })).not.toThrow();
    expect(() =>
      checkNotificationContent({ ...ok, body: 'Steps overdue: 2 (since 2026-05-01, 12:00 UTC)' }),
    ).not.toThrow();
  });

  it.each([
    ['an e-mail address', { body: 'Write to anna.k@example.org' }],
    ['a Telegram handle', { body: 'Ask @anna_k for the documents' }],
    ['a phone number', { title: 'Call +49 151 2345678 today' }],
  ])('refuses %s, naming the field but not echoing the text', (_, change) => {
    let error: unknown;
    try {
      checkNotificationContent({ ...ok, ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotificationContentError);
    expect((error as Error).message).toMatch(/^(title|body) looks like it holds contact data/);
    expect((error as Error).message).not.toContain('example.org');
    expect((error as Error).message).not.toContain('2345678');
  });

  it('refuses bad kinds, empty or multi-line titles and overlong bodies', () => {
    expect(() => checkNotificationContent({ ...ok, kind: 'Reminder Due' })).toThrow(NotificationContentError);
    expect(() => checkNotificationContent({ ...ok, title: '  ' })).toThrow(/title/);
    expect(() => checkNotificationContent({ ...ok, title: 'a\nb' })).toThrow(/title/);
    expect(() => checkNotificationContent({ ...ok, title: 'x'.repeat(201) })).toThrow(/title/);
    expect(() => checkNotificationContent({ ...ok, body: 'x'.repeat(1001) })).toThrow(/body/);
  });

  it('renders title, body and a link to the tracker as the message text', () => {
    expect(notificationText(ok, 'https://tracker.example.org')).toBe(
      `MC-${YEAR}-00042: labour court claim due 2026-05-04\n\nDue in 3 days.\n\nOpen the tracker: https://tracker.example.org`,
    );
    expect(notificationText({ ...ok, body: '' }, 'http://x')).toBe(`${ok.title}\n\nOpen the tracker: http://x`);
  });
});

describe('notification channels', () => {
  const configured = { smtpUrl: 'smtp://127.0.0.1:25', telegramBotToken: '123:abc' };
  const user = { email: 'a@test.local', active: true, telegramChatId: '42' };

  it('uses e-mail when SMTP is configured and Telegram when the user has a chat and a bot exists', () => {
    expect(channelsFor(user, configured)).toEqual(['email', 'telegram']);
    expect(channelsFor({ ...user, telegramChatId: null }, configured)).toEqual(['email']);
    expect(channelsFor(user, { smtpUrl: undefined, telegramBotToken: '123:abc' })).toEqual(['telegram']);
    expect(channelsFor(user, {})).toEqual([]);
  });

  it('sends nothing outside to a deactivated account', () => {
    expect(channelsFor({ ...user, active: false }, configured)).toEqual([]);
  });
});

describe('notification cursor', () => {
  it('round-trips an id and refuses anything else with 400', () => {
    const id = '0190d6f4-6b1e-7c3a-9b7e-2f1d3c4b5a69';
    expect(decodeNotificationCursor(encodeNotificationCursor(id))).toBe(id);
    for (const bad of [
      '',
      'not-base64!',
      Buffer.from('{"b":"x"}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ]) {
      expect(() => decodeNotificationCursor(bad)).toThrow(
        expect.objectContaining({ kind: 'invalid', code: 'cursor.invalid' }),
      );
    }
  });
});
