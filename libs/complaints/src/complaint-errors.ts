import { codedErrors } from '@mc/errors';

/**
 * A refusal about a complaint, its notes, timeline or documents; messages never quote case content.
 * The codes are every refusal of the complaints library, each with the kind it always has.
 */
export class ComplaintError extends codedErrors({
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
}) {}

export type ComplaintErrorCode = ComplaintError['code'];
