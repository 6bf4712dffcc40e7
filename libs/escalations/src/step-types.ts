import { NOTIFICATION_MESSAGES, type NotificationStepType } from '@mc/notifications';

/** The actions of the escalation ladder (domain.md). Stored as text: add, never rename. */
export const STEP_TYPES = [
  'demand_letter',
  'employer_meeting',
  'collective_action',
  'labour_inspectorate',
  'union_referral',
  'partner_referral',
  'conciliation',
  'labour_court',
  'public_disclosure',
  'other',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const STEP_STATUSES = ['planned', 'in_progress', 'done', 'skipped', 'failed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Statuses in which a step still has a deadline to meet (reminders, overdue). */
export const OPEN_STEP_STATUSES: readonly StepStatus[] = ['planned', 'in_progress'];

const TRANSITIONS: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  planned: ['in_progress', 'done', 'skipped', 'failed'],
  in_progress: ['planned', 'done', 'skipped', 'failed'],
  // A finished step is history: a new attempt is a new step, so the timeline stays readable.
  done: [],
  skipped: [],
  failed: [],
};

export function isOpenStepStatus(status: StepStatus): boolean {
  return OPEN_STEP_STATUSES.includes(status);
}

export function allowedStepTargets(from: StepStatus): readonly StepStatus[] {
  return TRANSITIONS[from];
}

/** True when `to` may follow `from` (staying in the same status is not a transition). */
export function canMoveStep(from: StepStatus, to: StepStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Human words for a step type, in English (the notification catalogue holds every language). */
export const STEP_TYPE_LABELS: Readonly<Record<StepType, string>> = NOTIFICATION_MESSAGES.en.stepTypes;

/** Compile-time: every step type has words in the notification catalogue, and nothing else does. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const STEP_TYPES_MATCH_MESSAGES: Same<StepType, NotificationStepType> = true;
void STEP_TYPES_MATCH_MESSAGES;
