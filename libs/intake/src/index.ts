export * from './complaint-status.service.js';
export * from './intake-errors.js';
export * from './intake-languages.js';
export * from './intake-messages.js';
export * from './intake-submission.js';
export * from './intake.module.js';
export * from './intake.service.js';
export * from './status-labels.js';
export * from './status-token.entity.js';
export * from './triage-hints.service.js';
export { newStatusToken, normaliseStatusToken } from './status-token.js';

import { ComplaintStatusToken } from './status-token.entity.js';

export const intakeEntities = [ComplaintStatusToken];
