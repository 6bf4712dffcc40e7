import { codedErrors } from '@mc/errors';

/** Refusals of the intake and status features that are not field errors of a submission. */
export class IntakeError extends codedErrors({
  /** Unknown reference or wrong token: one answer for both, so neither can be probed. */
  'intake.status-not-found': 'not-found',
  'intake.invalid-message': 'invalid',
}) {}
export type IntakeRefusalCode = IntakeError['code'];
