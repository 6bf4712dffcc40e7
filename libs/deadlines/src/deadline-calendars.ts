import { DEADLINE_CALENDARS } from './calendars/index.js';
import { westernEasterSunday } from './easter.js';
import type { DeadlineRule } from './deadline-rules.js';
import { addDays, dayOfWeek, plainDate, plainDateParts, type PlainDate } from './plain-date.js';
import {
  PublicHolidays,
  REGION_CODE_PATTERN,
  type HolidayCalendar,
  type NamedHolidayCalendar,
} from './public-holidays.js';

/**
 * When a listed holiday falls in a year: a fixed day (moved when it is a Sunday, as King's Day
 * is), or a number of days from Western Easter Sunday.
 */
export type ListedHolidayDate =
  | {
      readonly kind: 'fixed';
      readonly month: number;
      readonly day: number;
      /** Where the day goes when it falls on a Sunday; absent: it stays (and the Sunday counts anyway). */
      readonly ifSunday?: 'previous_saturday' | 'next_monday';
    }
  | { readonly kind: 'easter'; readonly offset: number };

/** One day of a statutory list. */
export interface ListedHoliday {
  /** In English, as the roll-over reason shows it ("5 May", "Ascension Day"). */
  readonly name: string;
  readonly date: ListedHolidayDate;
  /** First and last year (inclusive) the day is on the list, when it has not always been. */
  readonly fromYear?: number;
  readonly untilYear?: number;
}

/** Where a calendar applies: a whole country, or some of its regions (ISO 3166-2). */
export interface CalendarPlace {
  readonly country: string;
  readonly regions?: readonly string[];
}

/**
 * One version of a holiday calendar. Calendars are data, like rules: a change of a list (a day
 * added, a correction) is a new version, and a computed deadline records the version it used
 * (`calendarVersionKey`), so that stored deadlines keep it and a recomputation can tell what moved.
 * A version is a revision of the whole list; days that entered or left the law in some year carry
 * `fromYear`/`untilYear`, because whether a day counts depends on the law of that day, not on
 * when the period started.
 */
export interface DeadlineCalendarDefinition {
  /** `nl.atw.3`, `fr.alsace-moselle`, `date-holidays`. */
  readonly id: string;
  readonly version: number;
  /** The list as a roll-over reason names it ("Algemene termijnenwet art. 3"). */
  readonly name: string;
  /** The legal or data source, for people. */
  readonly source: string;
  /** Where it applies; `default`: every place without a calendar of its own. */
  readonly appliesTo: CalendarPlace | 'default';
  /**
   * The date-holidays public holidays underneath the listed days: `none` when the list is the
   * statute's complete list (NL), `national` for a list that only adds days to the country's
   * holidays (Alsace-Moselle), `place` for the country + region data as it is.
   */
  readonly base: 'none' | 'national' | 'place';
  readonly holidays: readonly ListedHoliday[];
  /** The date-holidays release whose data a `national`/`place` base was reviewed against. */
  readonly dataVersion?: string;
  readonly note?: string;
}

/** A holiday on a day, with the list it comes from (shown in roll-over reasons). */
export interface HolidayOnDay {
  readonly name: string;
  readonly list: string;
}

/** The calendar of one place of work, resolved from a calendar version. */
export interface DeadlineCalendar extends HolidayCalendar {
  /** The place: `DE-NW`, `FR-57`, or the country code when only national holidays count. */
  readonly id: string;
  readonly definition: DeadlineCalendarDefinition;
  /** `nl.atw.3@1`. */
  readonly versionKey: string;
  holidaysOn(date: PlainDate): readonly HolidayOnDay[];
}

/** A calendar a rule may be computed with, and where: what the rule listing shows. */
export interface RuleCalendar {
  readonly calendarId: string;
  readonly version: number;
  /** `nl.atw.3@1`. */
  readonly versionKey: string;
  readonly name: string;
  readonly source: string;
  /** The regions (ISO 3166-2) it applies to; `null`: the rest of the country (or all of it). */
  readonly regions: readonly string[] | null;
  /** What a caseworker must know about the list (what it leaves out, where it may be too generous). */
  readonly note?: string;
}

/** One day the end of a period rolled past, and why. */
export interface RolledOverDay {
  readonly date: PlainDate;
  /** `Saturday`, `Sunday`, or the holiday and its list: `5 May, Algemene termijnenwet art. 3`. */
  readonly reason: string;
}

/** `nl.atw.3@1`: the exact calendar version a stored deadline was computed with. */
export function calendarVersionKey(calendar: Pick<DeadlineCalendarDefinition, 'id' | 'version'>): string {
  return `${calendar.id}@${calendar.version}`;
}

/** The list name of date-holidays data in reasons: `public holidays of DE-NW (date-holidays)`. */
export function holidayDataListName(placeId: string): string {
  return `public holidays of ${placeId} (date-holidays)`;
}

/** The day a listed holiday falls on in `year`, or null when it is not on the list that year. */
export function listedHolidayIn(holiday: ListedHoliday, year: number): PlainDate | null {
  if (holiday.fromYear !== undefined && year < holiday.fromYear) return null;
  if (holiday.untilYear !== undefined && year > holiday.untilYear) return null;
  const when = holiday.date;
  if (when.kind === 'easter') return addDays(westernEasterSunday(year), when.offset);
  const day = plainDate(year, when.month, when.day);
  if (dayOfWeek(day) !== 7 || when.ifSunday === undefined) return day;
  return addDays(day, when.ifSunday === 'previous_saturday' ? -1 : 1);
}

/**
 * Why the end of a period cannot stay on `date`, or null when it is a working day. A weekend day
 * is named as such even when it is also a holiday: the weekend alone extends the period under
 * every statute of the table, so the reason does not depend on any holiday list. Holidays of one
 * list are joined ("Orthodox Easter Monday and Labour Day, …"); lists are separated by `; `.
 */
export function rollOverReason(calendar: DeadlineCalendar, date: PlainDate): string | null {
  const weekday = dayOfWeek(date);
  if (weekday === 6) return 'Saturday';
  if (weekday === 7) return 'Sunday';
  const byList = new Map<string, string[]>();
  for (const { name, list } of calendar.holidaysOn(date)) {
    const names = byList.get(list) ?? [];
    if (!names.includes(name)) names.push(name);
    byList.set(list, names);
  }
  if (byList.size === 0) return null;
  return [...byList].map(([list, names]) => `${names.join(' and ')}, ${list}`).join('; ');
}

/**
 * The holiday calendars of the rule table (default: {@link DEADLINE_CALENDARS}) and which one a
 * place of work uses: a calendar for the region (Alsace-Moselle), else one for the country (NL),
 * else the date-holidays public holidays of country + region. The newest version of each
 * calendar applies; older versions stay findable for deadlines computed with them.
 */
export class DeadlineCalendarBook {
  private readonly byId = new Map<string, DeadlineCalendarDefinition[]>();
  private readonly resolved = new Map<string, DeadlineCalendar>();

  constructor(
    readonly calendars: readonly DeadlineCalendarDefinition[] = DEADLINE_CALENDARS,
    private readonly holidays: PublicHolidays = new PublicHolidays(),
  ) {
    for (const c of calendars) {
      const versions = this.byId.get(c.id) ?? [];
      if (versions.some((v) => v.version === c.version)) {
        throw new Error(`Duplicate calendar version ${calendarVersionKey(c)}`);
      }
      if (c.appliesTo !== 'default' && c.appliesTo.regions !== undefined) {
        for (const region of c.appliesTo.regions) {
          if (!REGION_CODE_PATTERN.test(region) || region.slice(0, 2) !== c.appliesTo.country) {
            throw new Error(
              `Calendar ${calendarVersionKey(c)} names ${region}, not a region of ${c.appliesTo.country}`,
            );
          }
        }
      }
      versions.push(c);
      versions.sort((a, b) => a.version - b.version);
      this.byId.set(c.id, versions);
    }
    const current = this.current();
    if (current.filter((c) => c.appliesTo === 'default').length !== 1) {
      throw new Error('The calendar table needs exactly one default calendar');
    }
    // Two current calendars for the same place would make the choice depend on table order.
    const claimed = new Map<string, string>();
    for (const c of current) {
      if (c.appliesTo === 'default') continue;
      const places = c.appliesTo.regions ?? [c.appliesTo.country];
      for (const place of places) {
        const other = claimed.get(place);
        if (other !== undefined) throw new Error(`Calendars ${other} and ${c.id} both claim ${place}`);
        claimed.set(place, c.id);
      }
    }
  }

  /** The newest version of every calendar, in table order of first appearance. */
  current(): DeadlineCalendarDefinition[] {
    return [...this.byId.values()].map((versions) => versions[versions.length - 1]!);
  }

  /** Every version in table order. */
  list(): readonly DeadlineCalendarDefinition[] {
    return this.calendars;
  }

  /** The newest version of a calendar; unknown → Error (calendar ids come from code, not clients). */
  find(id: string): DeadlineCalendarDefinition {
    const versions = this.byId.get(id);
    if (!versions) throw new Error(`There is no holiday calendar ${id}`);
    return versions[versions.length - 1]!;
  }

  /** A stored version exactly, for a deadline computed earlier; unknown → Error. */
  findVersion(id: string, version: number): DeadlineCalendarDefinition {
    const found = this.byId.get(id)?.find((v) => v.version === version);
    if (!found) throw new Error(`There is no holiday calendar ${calendarVersionKey({ id, version })}`);
    return found;
  }

  /**
   * The calendar of a place of work. The region is checked as the holiday data checks it
   * (malformed, of another country, unknown where subdivisions are complete →
   * `InvalidRegionError`) before any list is chosen, whatever calendar applies there.
   */
  calendarFor(country: string, region?: string | null): DeadlineCalendar {
    const data = this.holidays.calendarFor(country, region);
    const definition = this.definitionFor(country, region ?? null);
    // A regional list applies because of the region itself, whether or not date-holidays knows it.
    const placeId =
      definition.appliesTo !== 'default' && definition.appliesTo.regions !== undefined && region ? region : data.id;
    const key = `${placeId}|${calendarVersionKey(definition)}`;
    let calendar = this.resolved.get(key);
    if (!calendar) {
      const base = definition.base === 'national' ? this.holidays.calendarFor(country) : data;
      calendar = new ResolvedCalendar(placeId, definition, definition.base === 'none' ? null : base);
      this.resolved.set(key, calendar);
    }
    return calendar;
  }

  /**
   * The calendars a rule of `country` may be computed with, and where: what `GET /deadlines/rules`
   * shows for each rule (every rule counts with the calendar of its place of work).
   */
  forCountry(country: string): RuleCalendar[] {
    const own = this.current().filter((c) => c.appliesTo !== 'default' && c.appliesTo.country === country);
    const wholeCountry = own.find((c) => c.appliesTo !== 'default' && c.appliesTo.regions === undefined);
    const regional = own.filter((c) => c !== wholeCountry);
    const rest = wholeCountry ?? this.current().find((c) => c.appliesTo === 'default')!;
    return [rest, ...regional].map((c) => ({
      calendarId: c.id,
      version: c.version,
      versionKey: calendarVersionKey(c),
      name: c.name,
      source: c.source,
      regions: c === rest || c.appliesTo === 'default' ? null : (c.appliesTo.regions ?? null),
      ...(c.note === undefined ? {} : { note: c.note }),
    }));
  }

  /** {@link forCountry} for a rule: every rule counts with the calendar of its place of work (`country+region`). */
  forRule(rule: Pick<DeadlineRule, 'country' | 'calendar'>): RuleCalendar[] {
    return this.forCountry(rule.country);
  }

  private definitionFor(country: string, region: string | null): DeadlineCalendarDefinition {
    const current = this.current();
    const regional =
      region === null
        ? undefined
        : current.find((c) => c.appliesTo !== 'default' && c.appliesTo.regions?.includes(region) === true);
    const national = current.find(
      (c) => c.appliesTo !== 'default' && c.appliesTo.country === country && c.appliesTo.regions === undefined,
    );
    return regional ?? national ?? current.find((c) => c.appliesTo === 'default')!;
  }
}

class ResolvedCalendar implements DeadlineCalendar {
  readonly versionKey: string;
  private readonly years = new Map<number, ReadonlyMap<string, readonly string[]>>();

  constructor(
    readonly id: string,
    readonly definition: DeadlineCalendarDefinition,
    private readonly base: NamedHolidayCalendar | null,
  ) {
    this.versionKey = calendarVersionKey(definition);
  }

  isPublicHoliday(date: PlainDate): boolean {
    return this.holidaysOn(date).length > 0;
  }

  holidaysOn(date: PlainDate): readonly HolidayOnDay[] {
    const listed = (this.listedIn(plainDateParts(date).year).get(date) ?? []).map((name) => ({
      name,
      list: this.definition.name,
    }));
    if (this.base === null) return listed;
    const list = holidayDataListName(this.base.id);
    return [...this.base.holidayNamesOn(date).map((name) => ({ name, list })), ...listed];
  }

  private listedIn(year: number): ReadonlyMap<string, readonly string[]> {
    let days = this.years.get(year);
    if (!days) {
      const byDay = new Map<string, string[]>();
      for (const holiday of this.definition.holidays) {
        const day = listedHolidayIn(holiday, year);
        if (day === null) continue;
        byDay.set(day, [...(byDay.get(day) ?? []), holiday.name]);
      }
      days = byDay;
      this.years.set(year, days);
    }
    return days;
  }
}

/** The calendar table of {@link DEADLINE_CALENDARS}, shared like the default rule book. */
export const defaultCalendarBook = new DeadlineCalendarBook();
