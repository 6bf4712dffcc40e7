import { InvalidDateError, InvalidPeriodError } from './deadline-errors.js';

declare const plainDateBrand: unique symbol;

/**
 * A calendar date without time or zone, as a validated `YYYY-MM-DD` string. Legal deadlines
 * are counted in whole days; a `Date` at local midnight shifts by a day across time zones and
 * daylight saving, so all arithmetic here is integer arithmetic on days since 1970-01-01.
 * Strings compare in date order, and the value serialises to JSON as it is.
 */
export type PlainDate = string & { readonly [plainDateBrand]: true };

export interface PlainDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const PLAIN_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Builds a date from its parts; rejects impossible dates such as 2026-02-30. */
export function plainDate(year: number, month: number, day: number): PlainDate {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidDateError(`year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new InvalidDateError('month must be 1–12');
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidDateError(`day ${day} does not exist in ${year}-${pad(month, 2)}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as PlainDate;
}

/** Parses strict `YYYY-MM-DD` (no time, no other formats such as `13/03/2026`). */
export function parsePlainDate(value: string): PlainDate {
  const match = typeof value === 'string' ? PLAIN_DATE_PATTERN.exec(value) : null;
  if (!match) throw new InvalidDateError('a date must be written YYYY-MM-DD');
  return plainDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isPlainDate(value: unknown): value is PlainDate {
  if (typeof value !== 'string') return false;
  try {
    parsePlainDate(value);
    return true;
  } catch {
    return false;
  }
}

export function plainDateParts(date: PlainDate): PlainDateParts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`. */
export function toEpochDay(date: PlainDate): number {
  const { year, month, day } = plainDateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Inverse of {@link toEpochDay} (H. Hinnant's `civil_from_days`). */
export function fromEpochDay(epochDay: number): PlainDate {
  if (!Number.isInteger(epochDay)) throw new InvalidDateError('epoch day must be an integer');
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return plainDate(year, month, day);
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function addWeeks(date: PlainDate, weeks: number): PlainDate {
  return addDays(date, weeks * 7);
}

/** Same day-of-month `months` later; a day the target month lacks clamps to its last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: PlainDate, months: number): PlainDate {
  if (!Number.isInteger(months)) throw new InvalidPeriodError('months must be an integer');
  const { year, month, day } = plainDateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return plainDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Same date `years` later; Feb 29 in a non-leap target year clamps to Feb 28. */
export function addYears(date: PlainDate, years: number): PlainDate {
  return addMonths(date, years * 12);
}

export function endOfYear(date: PlainDate): PlainDate {
  return plainDate(plainDateParts(date).year, 12, 31);
}

export function dayOfWeek(date: PlainDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isWeekend(date: PlainDate): boolean {
  return dayOfWeek(date) >= 6;
}

export function comparePlainDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
