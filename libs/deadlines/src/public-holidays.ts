import Holidays from 'date-holidays';
import { InvalidRegionError } from './deadline-errors.js';
import { isWeekend, plainDateParts, type PlainDate } from './plain-date.js';

/** ISO 3166-2 shape: country, hyphen, 1–3 letters or digits (`DE-NW`, `FR-67`). */
export const REGION_CODE_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/**
 * Countries for which date-holidays lists every first-level subdivision and holidays differ
 * between them: there a region it does not know is a typo that would silently drop a regional
 * holiday, so it is refused. Elsewhere (FR-75, PL-14, …) only the exceptional regions carry
 * extra holidays (FR-57/67/68, NL-…), so any other well-formed region uses the national calendar.
 */
const COMPLETE_SUBDIVISION_DATA: ReadonlySet<string> = new Set(['DE']);

/** The public holidays of one place of work; `id` names it (`DE-NW`, or `DE` for national only). */
export interface HolidayCalendar {
  readonly id: string;
  isPublicHoliday(date: PlainDate): boolean;
}

/**
 * A calendar that can also say which holidays a day is, for the roll-over reasons a caseworker
 * checks against the law. Names are in English (date-holidays' `en` names), whatever the country.
 */
export interface NamedHolidayCalendar extends HolidayCalendar {
  /** The public holidays on `date`, by name; empty when it is none. */
  holidayNamesOn(date: PlainDate): readonly string[];
}

/** Saturdays, Sundays and public holidays are not working days for the end of a period. */
export function isWorkingDay(calendar: HolidayCalendar, date: PlainDate): boolean {
  return !isWeekend(date) && !calendar.isPublicHoliday(date);
}

/**
 * Public holidays from the `date-holidays` data. Only `type === 'public'` counts: bank
 * holidays, school holidays and observances (Christmas Eve afternoon in DE, Good Friday in NL)
 * do not extend statutory periods. Dates come from the holiday's `date` field — the local date in
 * the country, `YYYY-MM-DD hh:mm:ss` — never from its `start` instant, which moves with the
 * process time zone.
 */
export class PublicHolidays {
  private readonly calendars = new Map<string, DateHolidaysCalendar>();
  private readonly lookup = new Holidays();
  // date-holidays builds these lists anew on every call (a few per cent of an intake's CPU); its data never changes.
  private countries: Record<string, string> | undefined;
  private readonly statesOf = new Map<string, Record<string, string>>();

  /**
   * The calendar of `country`, narrowed to `region` (ISO 3166-2) when given. A malformed region,
   * one in another country, or an unknown one where subdivisions are complete → {@link InvalidRegionError}.
   */
  calendarFor(country: string, region?: string | null): NamedHolidayCalendar {
    this.countries ??= (this.lookup.getCountries() as Record<string, string> | undefined) ?? {};
    if (!Object.hasOwn(this.countries, country))
      throw new InvalidRegionError(`There is no holiday calendar for country ${country}`);
    let state: string | undefined;
    if (region !== undefined && region !== null) {
      if (!REGION_CODE_PATTERN.test(region)) {
        throw new InvalidRegionError('region must be an ISO 3166-2 code such as DE-NW');
      }
      if (region.slice(0, 2) !== country) {
        throw new InvalidRegionError(`region ${region} is not in ${country}, the country of the rule`);
      }
      const code = region.slice(3);
      let states = this.statesOf.get(country);
      if (!states) {
        states = (this.lookup.getStates(country) as Record<string, string> | undefined) ?? {};
        this.statesOf.set(country, states);
      }
      if (Object.hasOwn(states, code)) state = code;
      else if (COMPLETE_SUBDIVISION_DATA.has(country)) {
        throw new InvalidRegionError(`region ${region} is not a known subdivision of ${country}`);
      }
    }
    const id = state === undefined ? country : `${country}-${state}`;
    let calendar = this.calendars.get(id);
    if (!calendar) {
      calendar = new DateHolidaysCalendar(id, country, state);
      this.calendars.set(id, calendar);
    }
    return calendar;
  }
}

class DateHolidaysCalendar implements NamedHolidayCalendar {
  private readonly holidays: Holidays;
  /** Per year: `YYYY-MM-DD` → the English names of the public holidays on that day. */
  private readonly years = new Map<number, ReadonlyMap<string, readonly string[]>>();

  constructor(
    readonly id: string,
    country: string,
    state: string | undefined,
  ) {
    this.holidays = state === undefined ? new Holidays(country) : new Holidays(country, state);
  }

  isPublicHoliday(date: PlainDate): boolean {
    return this.publicHolidaysOf(plainDateParts(date).year).has(date);
  }

  holidayNamesOn(date: PlainDate): readonly string[] {
    return this.publicHolidaysOf(plainDateParts(date).year).get(date) ?? [];
  }

  /**
   * One day can carry two holidays (in RS, Orthodox Easter Monday 2027 is also the day Labour
   * Day moves to from Sunday), so names are collected per day, without repeats.
   */
  private publicHolidaysOf(year: number): ReadonlyMap<string, readonly string[]> {
    let days = this.years.get(year);
    if (!days) {
      const byDay = new Map<string, string[]>();
      for (const holiday of this.holidays.getHolidays(year, 'en')) {
        if (holiday.type !== 'public') continue;
        const day = holiday.date.slice(0, 10);
        const names = byDay.get(day) ?? [];
        if (!names.includes(holiday.name)) names.push(holiday.name);
        byDay.set(day, names);
      }
      days = byDay;
      this.years.set(year, days);
    }
    return days;
  }
}
