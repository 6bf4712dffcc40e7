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
  /** Holiday calendar used: `DE-NW`, or the country code when only national holidays counted. */
  readonly calendar: string;
  readonly source: string;
  readonly disclaimer: string;
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
