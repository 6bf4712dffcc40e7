import { complaintSql, FINISHED_COMPLAINT_STATUSES, type Complaint } from '@mc/complaints';
import type { EscalationStep } from './escalation-step.entity.js';
import { isOpenStepStatus, OPEN_STEP_STATUSES } from './step-types.js';

/*
 * When a step's deadline counts ("a live step"): an open step of a complaint still in progress,
 * and not an internal target frozen by a paused clock (those move on resume; legal deadlines
 * never do, and their reminders keep firing through a pause: domain.md). Written once here, in
 * SQL for the sweep, the upcoming list and the complaints' `?overdue=` filter, and in TypeScript
 * for rows already loaded; the spec next to this file holds the two to the same answers.
 */

/** The rule in SQL over `escalation_steps s` joined with `complaints c`. */
export const LIVE_STEP_SQL =
  `s."status" IN (${OPEN_STEP_STATUSES.map((st) => `'${st}'`).join(', ')})` +
  ` AND ${complaintSql.inProgress('c')}` +
  ` AND (s."deadline_rule_id" IS NOT NULL OR ${complaintSql.clockRunning('c')})`;

/** A live step past its deadline at `nowSql` (a bound parameter, or `now()`). */
export function overdueStepSql(nowSql: string): string {
  return `${LIVE_STEP_SQL} AND s."overdue_at" <= ${nowSql}`;
}

/**
 * "complaint `c` has an overdue step now", for the complaint list's `?overdue=`; the partial
 * index idx_escalation_steps_open_overdue serves it.
 */
export function complaintHasOverdueStepSql(): string {
  return `EXISTS (SELECT 1 FROM "escalation_steps" s WHERE s."complaint_id" = c."id" AND ${overdueStepSql('now()')})`;
}

export type StepComplaintState = Pick<Complaint, 'status' | 'clockPausedAt'>;
type StepState = Pick<EscalationStep, 'status' | 'deadlineRuleId'>;

/** The rule for loaded rows: whether the step's deadline counts and its reminders fire now. */
export function remindersActive(step: StepState, complaint: StepComplaintState): boolean {
  if (!isOpenStepStatus(step.status)) return false;
  if (FINISHED_COMPLAINT_STATUSES.includes(complaint.status)) return false;
  return step.deadlineRuleId !== null || complaint.clockPausedAt === null;
}

/** An open internal target of a live complaint whose clock is paused: it waits, it is not finished. */
export function isFrozenTarget(step: StepState, complaint: StepComplaintState): boolean {
  return (
    isOpenStepStatus(step.status) &&
    !FINISHED_COMPLAINT_STATUSES.includes(complaint.status) &&
    step.deadlineRuleId === null &&
    complaint.clockPausedAt !== null
  );
}
