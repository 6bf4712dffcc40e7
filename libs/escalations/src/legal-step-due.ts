import type { Complaint } from '@mc/complaints';
import { TRIGGER_KEY_DATES, type DeadlineCalculator, type DeadlineRuleBook, type DeadlineTrigger } from '@mc/deadlines';
import { legalDueTimes } from './legal-due-time.js';

export type LegalDueComplaint = Pick<
  Complaint,
  | 'countryOfWork'
  | 'region'
  | 'dismissalNoticeReceived'
  | 'fixedTermEnd'
  | 'wageDue'
  | 'factsKnown'
  | 'discriminationKnown'
  | 'aggClaimAsserted'
  | 'employmentEnd'
>;

/** The due date of a step tied to a rule, as the complaint's key dates and place of work give it. */
export interface LegalStepDue {
  readonly ruleVersion: number;
  readonly dueDate: string | null;
  readonly rolledFrom: string | null;
  readonly dueAt: Date | null;
  readonly overdueAt: Date | null;
  /** Set when the complaint lacks the rule's trigger date: the step waits for it. */
  readonly awaitingKeyDate: DeadlineTrigger | null;
}

/**
 * Computes a legal step's due date from the complaint. Without the trigger date the step has no
 * due date yet and says which date to ask the worker for. Engine errors (a region without a
 * holiday calendar) propagate: a deadline must never be silently dropped.
 */
export function legalStepDue(
  calculator: DeadlineCalculator,
  rules: DeadlineRuleBook,
  complaint: LegalDueComplaint,
  ruleId: string,
): LegalStepDue {
  const rule = rules.find(ruleId);
  const eventDate = complaint[TRIGGER_KEY_DATES[rule.trigger]];
  if (eventDate === null || eventDate === undefined) {
    return {
      ruleVersion: rule.version,
      dueDate: null,
      rolledFrom: null,
      dueAt: null,
      overdueAt: null,
      awaitingKeyDate: rule.trigger,
    };
  }
  const deadline = calculator.compute({ ruleId, eventDate, region: complaint.region });
  const times = legalDueTimes(deadline.dueDate, complaint.countryOfWork);
  return {
    ruleVersion: deadline.ruleVersion,
    dueDate: deadline.dueDate,
    rolledFrom: deadline.rolledFrom,
    dueAt: times.dueAt,
    overdueAt: times.overdueAt,
    awaitingKeyDate: null,
  };
}
