import { DEADLINE_CALENDARS } from './calendars/index.js';
import { DeadlineCalendarBook, rollOverReason, type RolledOverDay } from './deadline-calendars.js';
import { PeriodOverrideNotAllowedError } from './deadline-errors.js';
import { defaultRuleBook, ruleVersionKey, type DeadlineRuleBook, type DeadlineTrigger } from './deadline-rules.js';
import { addPeriod, formatPeriod, parsePeriod } from './iso-duration.js';
import { addDays, endOfYear, parsePlainDate, type PlainDate } from './plain-date.js';
import { PublicHolidays } from './public-holidays.js';

/** Shown with every computed deadline, in the API and in exports (domain.md). */
export const DEADLINE_DISCLAIMER =
  'This date is a planning aid computed from the rule table, not legal advice. ' +
  'A lawyer or counselling centre must confirm the deadline for this case before anyone relies on it.';

export interface DeadlineInput {
  readonly ruleId: string;
  /** The trigger event, `YYYY-MM-DD`; the day itself is not counted. */
  readonly eventDate: string;
  /** Place of work, ISO 3166-2 (`DE-NW`); without it only national holidays count. */
  readonly region?: string | null;
  /** Another period for rules that allow it (`de.ausschlussfrist`: `P2M` in construction). */
  readonly periodOverride?: string | null;
  /** The date whose rule version applies; defaults to the event date (the law in force then). */
  readonly asOf?: string | null;
}

export interface ComputedDeadline {
  readonly ruleId: string;
  readonly ruleVersion: number;
  /** `de.kschg.4@1`, to store with the deadline. */
  readonly ruleVersionKey: string;
  readonly eventDate: PlainDate;
  /** The period actually applied (the rule's, or the override). */
  readonly period: string;
  readonly dueDate: PlainDate;
  /** The end of the period before rolling past weekends and holidays; null when it was a working day. */
  readonly rolledFrom: PlainDate | null;
  /**
   * Each day the end rolled past, in order, with its reason (`Saturday`, `Sunday`, or
   * `5 May, Algemene termijnenwet art. 3`); empty when the end was a working day.
   */
  readonly rolledOver: readonly RolledOverDay[];
  /** The holiday calendar used: `DE-NW`, or the country code when only national holidays counted. */
  readonly calendar: string;
  /** The holiday list of that place: `nl.atw.3`, `fr.alsace-moselle`, or `date-holidays`. */
  readonly calendarId: string;
  readonly calendarVersion: number;
  /** `nl.atw.3@1`, to store with the deadline (as `ruleVersionKey` is). */
  readonly calendarVersionKey: string;
  /** The list's legal or data source, for people. */
  readonly calendarSource: string;
  readonly source: string;
  readonly disclaimer: string;
}

/** The dates a complaint records; each starts the rules with the matching trigger. */
export interface ComplaintKeyDates {
  readonly dismissalNoticeReceived?: string | null;
  readonly fixedTermEnd?: string | null;
  readonly wageDue?: string | null;
  readonly factsKnown?: string | null;
  readonly discriminationKnown?: string | null;
  readonly aggClaimAsserted?: string | null;
  readonly employmentEnd?: string | null;
}

export interface ComplaintDeadlineInput {
  readonly countryOfWork: string;
  readonly region?: string | null;
  readonly keyDates: ComplaintKeyDates;
  /** Per-rule periods for rules that allow one, e.g. `{ 'de.ausschlussfrist': 'P2M' }`. */
  readonly periodOverrides?: Readonly<Record<string, string>>;
}

export const TRIGGER_KEY_DATES: Readonly<Record<DeadlineTrigger, keyof ComplaintKeyDates>> = Object.freeze({
  dismissal_notice_received: 'dismissalNoticeReceived',
  fixed_term_end: 'fixedTermEnd',
  wage_due: 'wageDue',
  facts_known: 'factsKnown',
  discrimination_known: 'discriminationKnown',
  agg_claim_asserted: 'aggClaimAsserted',
  employment_end: 'employmentEnd',
});

/**
 * Computes statutory deadlines: the period runs from the day after the event (§187(1) BGB and
 * its equivalents), ends per {@link addPeriod}, and an end on a Saturday, Sunday or holiday of
 * the place of work moves to the next working day (§193 BGB, Art. 115 KC, CPC 642, Algemene
 * termijnenwet). The holidays are those of the place's calendar ({@link DeadlineCalendarBook}):
 * a statute's own list where it has one, else the date-holidays public holidays. Pure and
 * synchronous; holiday data is cached per calendar and year.
 */
export class DeadlineCalculator {
  /**
   * @param holidays the date-holidays data; only used to build the default calendar book
   * @param calendars which holiday list each place counts with
   */
  constructor(
    private readonly rules: DeadlineRuleBook = defaultRuleBook,
    holidays: PublicHolidays = new PublicHolidays(),
    private readonly calendars: DeadlineCalendarBook = new DeadlineCalendarBook(DEADLINE_CALENDARS, holidays),
  ) {}

  compute(input: DeadlineInput): ComputedDeadline {
    const eventDate = parsePlainDate(input.eventDate);
    const rule = this.rules.find(input.ruleId, input.asOf ?? eventDate);
    const overridden = input.periodOverride !== undefined && input.periodOverride !== null;
    if (overridden && !rule.periodOverridable) throw new PeriodOverrideNotAllowedError(rule.id);
    const period = parsePeriod(overridden ? input.periodOverride! : rule.period);
    const calendar = this.calendars.calendarFor(rule.country, input.region);

    const start = rule.counting === 'from_year_end' ? endOfYear(eventDate) : eventDate;
    const periodEnd = addPeriod(start, period);
    let dueDate = periodEnd;
    const rolledOver: RolledOverDay[] = [];
    let reason = rollOverReason(calendar, dueDate);
    while (reason !== null) {
      rolledOver.push({ date: dueDate, reason });
      dueDate = addDays(dueDate, 1);
      reason = rollOverReason(calendar, dueDate);
    }

    return {
      ruleId: rule.id,
      ruleVersion: rule.version,
      ruleVersionKey: ruleVersionKey(rule),
      eventDate,
      period: formatPeriod(period),
      dueDate,
      rolledFrom: dueDate === periodEnd ? null : periodEnd,
      rolledOver,
      calendar: calendar.id,
      calendarId: calendar.definition.id,
      calendarVersion: calendar.definition.version,
      calendarVersionKey: calendar.versionKey,
      calendarSource: calendar.definition.source,
      source: rule.source,
      disclaimer: DEADLINE_DISCLAIMER,
    };
  }

  /**
   * Every rule of the country of work whose trigger date the complaint has, soonest due first.
   * Errors (bad region, bad date) propagate: a complaint must not silently lose a deadline.
   */
  computeForComplaint(input: ComplaintDeadlineInput): ComputedDeadline[] {
    const deadlines: ComputedDeadline[] = [];
    for (const ruleId of this.rules.idsFor(input.countryOfWork)) {
      const trigger = this.rules.find(ruleId).trigger;
      const eventDate = input.keyDates[TRIGGER_KEY_DATES[trigger]];
      if (eventDate === undefined || eventDate === null) continue;
      deadlines.push(
        this.compute({ ruleId, eventDate, region: input.region, periodOverride: input.periodOverrides?.[ruleId] }),
      );
    }
    return deadlines.sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.ruleId.localeCompare(b.ruleId),
    );
  }
}
