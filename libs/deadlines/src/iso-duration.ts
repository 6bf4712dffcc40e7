import { InvalidPeriodError } from './deadline-errors.js';
import { addDays, addMonths, addWeeks, addYears, type PlainDate } from './plain-date.js';

export type PeriodUnit = 'D' | 'W' | 'M' | 'Y';

/** A statutory period: a whole number of one calendar unit (`P21D`, `P3W`, `P2M`, `P3Y`). */
export interface Period {
  readonly amount: number;
  readonly unit: PeriodUnit;
}

const PERIOD_PATTERN = /^P([1-9]\d{0,3})([DWMY])$/;

/**
 * Parses the subset of ISO 8601 durations that statutory periods use. Mixed or time-based
 * durations (`P1Y2M`, `PT24H`) are rejected: statutes count in one unit, and mixing units would
 * make the month-end rule ambiguous.
 */
export function parsePeriod(value: string): Period {
  const match = typeof value === 'string' ? PERIOD_PATTERN.exec(value) : null;
  if (!match) {
    throw new InvalidPeriodError(
      'a period must be an ISO 8601 duration of whole days, weeks, months or years (e.g. P3W)',
    );
  }
  return { amount: Number(match[1]), unit: match[2] as PeriodUnit };
}

export function isPeriod(value: unknown): boolean {
  return typeof value === 'string' && PERIOD_PATTERN.test(value);
}

export function formatPeriod(period: Period): string {
  return `P${period.amount}${period.unit}`;
}

/**
 * The end of a period that starts after `start` (the start day itself is not counted, §187(1)
 * BGB and its equivalents): `P3W` ends on the same weekday, `PnM`/`PnY` on the same
 * day-of-month, or on the month's last day when that day does not exist (§188(2), (3) BGB).
 */
export function addPeriod(start: PlainDate, period: Period): PlainDate {
  switch (period.unit) {
    case 'D':
      return addDays(start, period.amount);
    case 'W':
      return addWeeks(start, period.amount);
    case 'M':
      return addMonths(start, period.amount);
    case 'Y':
      return addYears(start, period.amount);
  }
}
