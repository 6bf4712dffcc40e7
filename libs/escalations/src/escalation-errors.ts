import { codedErrors } from '@mc/errors';

/**
 * A step, playbook or upcoming-list refusal; messages name rules and fields, never people.
 * The codes are every refusal of the escalations library, each with the kind it always has.
 */
export class EscalationError extends codedErrors({
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
}) {}

export type EscalationErrorCode = EscalationError['code'];
