import { describe, expect, it } from 'vitest';
import { InvalidDateError, InvalidPeriodError } from './deadline-errors.js';
import { addPeriod, formatPeriod, parsePeriod } from './iso-duration.js';
import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  dayOfWeek,
  endOfYear,
  fromEpochDay,
  isPlainDate,
  parsePlainDate,
  plainDate,
  toEpochDay,
  type PlainDate,
} from './plain-date.js';

const d = (value: string): PlainDate => parsePlainDate(value);

describe('plain dates', () => {
  it('parses strict YYYY-MM-DD and formats it back unchanged', () => {
    expect(parsePlainDate('2026-03-13')).toBe('2026-03-13');
    expect(plainDate(2026, 3, 1)).toBe('2026-03-01');
  });

  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-01-00'])(
    'rejects the impossible date %s',
    (value) => {
      expect(() => parsePlainDate(value)).toThrow(InvalidDateError);
    },
  );

  it.each(['13/03/2026', '2026-3-13', '2026-03-13T00:00:00Z', '20260313', '', ' 2026-03-13'])(
    'rejects the non-ISO form %j',
    (value) => {
      expect(() => parsePlainDate(value)).toThrow(InvalidDateError);
      expect(isPlainDate(value)).toBe(false);
    },
  );

  it('accepts Feb 29 only in leap years (2028 and 2000, not 1900 or 2100)', () => {
    expect(isPlainDate('2028-02-29')).toBe(true);
    expect(isPlainDate('2000-02-29')).toBe(true);
    expect(isPlainDate('1900-02-29')).toBe(false);
    expect(isPlainDate('2100-02-29')).toBe(false);
  });

  it('counts days since 1970-01-01 and back', () => {
    expect(toEpochDay(d('1970-01-01'))).toBe(0);
    expect(toEpochDay(d('2000-03-01'))).toBe(11_017);
    expect(toEpochDay(d('1969-12-31'))).toBe(-1);
    for (const day of ['1900-01-01', '2000-02-29', '2026-12-31', '2999-12-31']) {
      expect(fromEpochDay(toEpochDay(d(day)))).toBe(day);
    }
    // Every day over a leap-year span round-trips and advances by exactly one.
    let previous = toEpochDay(d('2027-12-25'));
    for (let day = addDays(d('2027-12-25'), 1); day <= d('2029-01-05'); day = addDays(day, 1)) {
      expect(toEpochDay(day)).toBe(previous + 1);
      previous += 1;
    }
  });

  it('knows the weekday of known dates (1 = Monday … 7 = Sunday)', () => {
    expect(dayOfWeek(d('1970-01-01'))).toBe(4);
    expect(dayOfWeek(d('2026-03-13'))).toBe(5); // Friday of the KSchG worked example
    expect(dayOfWeek(d('2026-04-12'))).toBe(7); // Sunday of the KP worked example
    expect(dayOfWeek(d('2026-04-07'))).toBe(2);
    expect(dayOfWeek(d('2029-12-31'))).toBe(1);
    expect(dayOfWeek(d('2000-02-29'))).toBe(2);
    expect(dayOfWeek(d('1969-12-28'))).toBe(7);
  });

  it('adds days and weeks across month and year ends', () => {
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2028-02-28'), 1)).toBe('2028-02-29');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(addWeeks(d('2026-03-13'), 3)).toBe('2026-04-03');
    expect(addWeeks(d('2026-12-18'), 2)).toBe('2027-01-01');
  });

  it('adds months to the same day-of-month, clamping to the last day of a shorter month', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2028-01-31'), 1)).toBe('2028-02-29');
    expect(addMonths(d('2026-03-31'), 1)).toBe('2026-04-30');
    expect(addMonths(d('2026-08-31'), 6)).toBe('2027-02-28');
    expect(addMonths(d('2026-01-15'), 12)).toBe('2027-01-15');
    expect(addMonths(d('2026-11-30'), 3)).toBe('2027-02-28');
    expect(addMonths(d('2026-03-31'), -1)).toBe('2026-02-28');
  });

  it('adds years, turning Feb 29 into Feb 28 when the target year has none', () => {
    expect(addYears(d('2028-02-29'), 1)).toBe('2029-02-28');
    expect(addYears(d('2028-02-29'), 4)).toBe('2032-02-29');
    expect(addYears(d('2026-05-31'), 3)).toBe('2029-05-31');
  });

  it('finds the end of the year', () => {
    expect(endOfYear(d('2026-05-31'))).toBe('2026-12-31');
    expect(endOfYear(d('2026-12-31'))).toBe('2026-12-31');
    expect(endOfYear(d('2027-01-01'))).toBe('2027-12-31');
  });
});

describe('statutory periods (ISO 8601 durations)', () => {
  it.each([
    ['P21D', { amount: 21, unit: 'D' }],
    ['P3W', { amount: 3, unit: 'W' }],
    ['P12M', { amount: 12, unit: 'M' }],
    ['P3Y', { amount: 3, unit: 'Y' }],
  ])('parses %s', (value, expected) => {
    expect(parsePeriod(value)).toEqual(expected);
    expect(formatPeriod(parsePeriod(value))).toBe(value);
  });

  it.each(['P1Y2M', 'PT24H', 'P0D', 'P-1M', 'P1.5M', '3W', 'p3w', 'P', 'P1H', 'P99999D'])(
    'rejects %s, which no rule uses',
    (value) => {
      expect(() => parsePeriod(value)).toThrow(InvalidPeriodError);
    },
  );

  it('ends a period per unit from the (uncounted) start day', () => {
    expect(addPeriod(d('2026-04-12'), parsePeriod('P21D'))).toBe('2026-05-03');
    expect(addPeriod(d('2026-03-13'), parsePeriod('P3W'))).toBe('2026-04-03');
    expect(addPeriod(d('2025-12-31'), parsePeriod('P2M'))).toBe('2026-02-28');
    expect(addPeriod(d('2026-12-31'), parsePeriod('P3Y'))).toBe('2029-12-31');
  });
});
