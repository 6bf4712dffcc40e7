import { DateTime } from 'luxon';

/**
 * Time zones of the countries where the collective works. A legal deadline is a calendar date at
 * the place of work; reminders and "overdue" need instants, so the date is read in this zone.
 */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  PL: 'Europe/Warsaw',
  NL: 'Europe/Amsterdam',
  CZ: 'Europe/Prague',
  LT: 'Europe/Vilnius',
  RS: 'Europe/Belgrade',
  AT: 'Europe/Vienna',
  BE: 'Europe/Brussels',
  SK: 'Europe/Bratislava',
  LV: 'Europe/Riga',
  EE: 'Europe/Tallinn',
});

export function timeZoneOf(country: string): string {
  return COUNTRY_TIME_ZONES[country.toUpperCase()] ?? 'UTC';
}

/** The hour of the due day at which a legal step counts as "due": its day-of reminder fires then. */
export const LEGAL_DUE_HOUR = 9;

export interface LegalDueTimes {
  /** 09:00 at the place of work on the last day: reminders count back from here. */
  readonly dueAt: Date;
  /** Midnight at the end of the last day at the place of work: from then on the step is overdue. */
  readonly overdueAt: Date;
}

/**
 * Instants of a legal deadline that ends on `dueDate` (`YYYY-MM-DD`) at the place of work. The
 * whole last day still counts (a claim filed at 16:00 is in time), so it is overdue only when
 * the day is over; the day-of reminder fires in the morning, while there is time to act.
 */
export function legalDueTimes(dueDate: string, country: string): LegalDueTimes {
  const day = DateTime.fromISO(dueDate, { zone: timeZoneOf(country) });
  if (!day.isValid) throw new RangeError(`not a calendar date: ${dueDate}`);
  return {
    dueAt: day.set({ hour: LEGAL_DUE_HOUR }).toJSDate(),
    overdueAt: day.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}
