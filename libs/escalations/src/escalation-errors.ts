import { codedErrors } from '@mc/errors';

/** Every refusal of the escalations library, by stable code, with the kind each one always has. */
export const ESCALATION_ERRORS = {
  'step.stale-version': 'conflict',
  'step.transition-not-allowed': 'conflict',
  'step.complaint-inactive': 'conflict',
  'step.complaint-closed': 'conflict',
  'step.invalid-cursor': 'invalid',
  'step.due-at-out-of-range': 'invalid',
  'step.due-at-with-rule': 'invalid',
  'step.invalid-reminder-offsets': 'invalid',
  'step.due-at-not-editable': 'unprocessable',
  'step.unknown-deadline-rule': 'unprocessable',
  'step.rule-of-another-country': 'unprocessable',
  'step.deadline-not-computable': 'unprocessable',
  'step.assignee-out-of-scope': 'unprocessable',
  'step.immigration-risk-not-confirmed': 'unprocessable',
  'playbook.already-applied': 'conflict',
} as const;

export type EscalationErrorCode = keyof typeof ESCALATION_ERRORS;

/** A step, playbook or upcoming-list refusal; messages name rules and fields, never people. */
export class EscalationError extends codedErrors(ESCALATION_ERRORS) {}
