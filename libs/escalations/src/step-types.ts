import { NOTIFICATION_MESSAGES, type StepType } from '@mc/notifications';

/**
 * The step types are written once, in `@mc/notifications`: its messages name every type, and it
 * cannot import this library (this one depends on it), so the list lives there.
 */
export { STEP_TYPES, type StepType } from '@mc/notifications';

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
