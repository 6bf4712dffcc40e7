import { describe, expect, it } from 'vitest';
import { COUNTRY_TIME_ZONES, LEGAL_DUE_HOUR, legalDueTimes, timeZoneOf } from './legal-due-time.js';

const iso = (t: { dueAt: Date; overdueAt: Date }) => ({
  dueAt: t.dueAt.toISOString(),
  overdueAt: t.overdueAt.toISOString(),
});

describe('legalDueTimes', () => {
  it('is due at 09:00 in Berlin on a winter day (08:00Z), overdue at local midnight', () => {
    expect(LEGAL_DUE_HOUR).toBe(9);
    expect(iso(legalDueTimes('2026-01-15', 'DE'))).toEqual({
      dueAt: '2026-01-15T08:00:00.000Z',
      overdueAt: '2026-01-15T23:00:00.000Z',
    });
  });

  it('is due at 09:00 in Berlin on a summer day (07:00Z), overdue at local midnight', () => {
    // The worked example of domain.md: de.kschg.4 due Tue 2026-04-07.
    expect(iso(legalDueTimes('2026-04-07', 'DE'))).toEqual({
      dueAt: '2026-04-07T07:00:00.000Z',
      overdueAt: '2026-04-07T22:00:00.000Z',
    });
  });

  it('handles the day clocks go forward (2026-03-29 in Germany: a 23-hour day)', () => {
    const before = legalDueTimes('2026-03-28', 'DE');
    expect(iso(before)).toEqual({ dueAt: '2026-03-28T08:00:00.000Z', overdueAt: '2026-03-28T23:00:00.000Z' });
    const change = legalDueTimes('2026-03-29', 'DE');
    // 09:00 is already summer time (the switch is at 02:00); the day ends at 22:00Z.
    expect(iso(change)).toEqual({ dueAt: '2026-03-29T07:00:00.000Z', overdueAt: '2026-03-29T22:00:00.000Z' });
    expect(change.overdueAt.getTime() - before.overdueAt.getTime()).toBe(23 * 3600 * 1000);
  });

  it('handles the day clocks go back (2026-10-25 in Germany: a 25-hour day)', () => {
    const before = legalDueTimes('2026-10-24', 'DE');
    const change = legalDueTimes('2026-10-25', 'DE');
    expect(iso(change)).toEqual({ dueAt: '2026-10-25T08:00:00.000Z', overdueAt: '2026-10-25T23:00:00.000Z' });
    expect(change.overdueAt.getTime() - before.overdueAt.getTime()).toBe(25 * 3600 * 1000);
  });

  it('reads the date in the zone of the country of work', () => {
    expect(iso(legalDueTimes('2026-05-04', 'PL'))).toEqual({
      dueAt: '2026-05-04T07:00:00.000Z',
      overdueAt: '2026-05-04T22:00:00.000Z',
    });
    // Lithuania is an hour ahead of Berlin.
    expect(iso(legalDueTimes('2026-01-15', 'LT'))).toEqual({
      dueAt: '2026-01-15T07:00:00.000Z',
      overdueAt: '2026-01-15T22:00:00.000Z',
    });
  });

  it('uses UTC for a country without a known zone', () => {
    expect(timeZoneOf('XX')).toBe('UTC');
    expect(iso(legalDueTimes('2026-04-07', 'XX'))).toEqual({
      dueAt: '2026-04-07T09:00:00.000Z',
      overdueAt: '2026-04-08T00:00:00.000Z',
    });
  });

  it('accepts a lower-case country code', () => {
    expect(timeZoneOf('de')).toBe('Europe/Berlin');
    expect(legalDueTimes('2026-04-07', 'de').dueAt.toISOString()).toBe('2026-04-07T07:00:00.000Z');
  });

  it('knows a zone for every country the collective works in', () => {
    for (const country of ['DE', 'FR', 'PL', 'NL', 'CZ', 'LT', 'RS']) expect(COUNTRY_TIME_ZONES[country]).toBeDefined();
  });

  it.each(['2026-02-30', 'not a date', ''])('refuses %j', (date) => {
    expect(() => legalDueTimes(date, 'DE')).toThrow(RangeError);
  });
});
