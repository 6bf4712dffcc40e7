import { codedErrors } from '@mc/errors';

/** Every refusal of the complaints library, by stable code, with the kind each one always has. */
export const COMPLAINT_ERRORS = {
  'complaint.stale-version': 'conflict',
  'complaint.transition-not-allowed': 'conflict',
  'complaint.transition-incomplete': 'unprocessable',
  'complaint.inconsistent': 'invalid',
  'complaint.unusable-references': 'unprocessable',
  'complaint.assignee-not-assignable': 'unprocessable',
  'complaint.clock-not-running': 'conflict',
  'complaint.clock-already-paused': 'conflict',
  'complaint.clock-not-paused': 'conflict',
  'complaint.invalid-cursor': 'invalid',
  'complaint.deadline-input-invalid': 'invalid',
  'complaint.no-deadline-rule-version': 'unprocessable',
  'complaint.deadline-rule-mismatch': 'unprocessable',
  'note.invalid-cursor': 'invalid',
  'timeline.invalid-cursor': 'invalid',
  'attachment.invalid-cursor': 'invalid',
  'attachment.worker-erased': 'conflict',
  'attachment.worker-not-on-complaint': 'unprocessable',
  'attachment.owner-ambiguous': 'invalid',
  'attachment.upload-incomplete': 'invalid',
  'attachment.empty': 'invalid',
  'attachment.too-large': 'too-large',
  'attachment.type-not-accepted': 'unsupported-type',
  'attachment.erased': 'gone',
  'attachment.integrity-failure': 'integrity',
} as const;

export type ComplaintErrorCode = keyof typeof COMPLAINT_ERRORS;

/** A refusal about a complaint, its notes, timeline or documents; messages never quote case content. */
export class ComplaintError extends codedErrors(COMPLAINT_ERRORS) {}
