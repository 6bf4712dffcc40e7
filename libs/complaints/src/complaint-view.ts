import { dayOfWeek, parsePlainDate, plainDateParts } from '@mc/deadlines';
import type { Money } from './complaint-lifecycle.js';
import type {
  ComplaintCategory,
  ComplaintOutcome,
  ComplaintPriority,
  ComplaintSource,
  ComplaintStatus,
} from './complaint.entity.js';

/** The key dates a complaint records: the trigger events of statutory deadlines. */
export const KEY_DATE_FIELDS = [
  'dismissalNoticeReceived',
  'fixedTermEnd',
  'wageDue',
  'factsKnown',
  'discriminationKnown',
  'aggClaimAsserted',
] as const;
export type KeyDateField = (typeof KEY_DATE_FIELDS)[number];
export type KeyDates = Record<KeyDateField, string | null>;

export interface ComplaintClock {
  readonly paused: boolean;
  readonly pausedAt: Date | null;
  /** Seconds of finished pauses (the running pause is not included). */
  readonly pausedSeconds: number;
}

/** One day a stored deadline's end rolled past, as the engine's `RolledOverDay` is stored (jsonb). */
export interface StoredRolledOverDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `Saturday`, `Sunday`, or the holiday and its list: `5 May, Algemene termijnenwet art. 3`. */
  readonly reason: string;
}

/**
 * A statutory deadline stored for a complaint, with the rule version it was computed with.
 * `source` is that version's; `disclaimer` goes with every computed deadline (domain.md).
 */
export interface ComplaintDeadlineView {
  readonly ruleId: string;
  readonly ruleVersion: number;
  /** The trigger event (`dismissal_notice_received`, `employment_end`, ...). */
  readonly trigger: string;
  readonly eventDate: string;
  /** ISO 8601 period applied (`P3W`). */
  readonly period: string;
  readonly dueDate: string;
  /** The end of the period before it rolled past a weekend or public holiday; null when it did not roll. */
  readonly rolledFrom: string | null;
  /** Each day the end rolled past, with its reason; empty when it did not roll (or for rows stored before reasons were). */
  readonly rolledOver: readonly StoredRolledOverDay[];
  /** {@link rolledOverText} of `rolledOver`: one line for a caseworker to check against the law; null when it did not roll. */
  readonly rolledOverText: string | null;
  /** Holiday calendar used: `DE-NW`, or the country code when only national holidays counted. */
  readonly calendar: string;
  /** The holiday list version used (`nl.atw.3@1`); null for rows stored before calendars were versioned. */
  readonly calendarVersionKey: string | null;
  readonly source: string;
  readonly disclaimer: string;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `Wed 5 May`, with the year only when `withYear`. */
function dayText(date: string, withYear: boolean): string {
  const day = parsePlainDate(date);
  const { year, month, day: dom } = plainDateParts(day);
  return `${WEEKDAYS[dayOfWeek(day) - 1]} ${dom} ${MONTHS[month - 1]}${withYear ? ` ${year}` : ''}`;
}

/**
 * The roll-over of a deadline in one line, for the complaint view (reminders say it in the reader's language):
 * `rolled over Wed 5 May (5 May, Algemene termijnenwet art. 3), Thu 6 May (Ascension Day,
 * Algemene termijnenwet art. 3) to Fri 7 May 2027`. Each day keeps its full reason (holiday and
 * list), since that is what a caseworker checks against the statute; a weekend day is named by
 * its weekday alone, the reason adding nothing. A day's year is shown when it is not the due
 * date's (a period ending on 31 December). Null when the end did not roll.
 */
export function rolledOverText(rolledOver: readonly StoredRolledOverDay[], dueDate: string): string | null {
  if (rolledOver.length === 0) return null;
  const dueYear = plainDateParts(parsePlainDate(dueDate)).year;
  const days = rolledOver.map(({ date, reason }) => {
    const text = dayText(date, plainDateParts(parsePlainDate(date)).year !== dueYear);
    return reason === 'Saturday' || reason === 'Sunday' ? text : `${text} (${reason})`;
  });
  return `rolled over ${days.join(', ')} to ${dayText(dueDate, true)}`;
}

/** A complaint as services hand it to callers: decrypted, with its links. Never an entity. */
export interface ComplaintView {
  readonly id: string;
  readonly reference: string;
  readonly status: ComplaintStatus;
  readonly outcome: ComplaintOutcome | null;
  readonly statusReason: string | null;
  readonly categories: ComplaintCategory[];
  readonly summary: string;
  readonly facts: string | null;
  readonly workerIds: string[];
  readonly employerId: string;
  readonly intermediaryEmployerIds: string[];
  readonly countryOfWork: string;
  readonly region: string | null;
  readonly city: string | null;
  readonly employmentStart: string | null;
  readonly employmentEnd: string | null;
  readonly keyDates: KeyDates;
  readonly amountClaimed: Money | null;
  readonly amountRecovered: Money | null;
  readonly workersAffected: number;
  readonly priority: ComplaintPriority;
  readonly source: ComplaintSource;
  readonly assigneeId: string | null;
  readonly createdBy: string | null;
  readonly clock: ComplaintClock;
  /** Statutory deadlines from the key dates, soonest first. */
  readonly deadlines: ComplaintDeadlineView[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly version: number;
}
