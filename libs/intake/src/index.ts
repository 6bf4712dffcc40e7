export * from './intake-errors.js';
export * from './intake-languages.js';
export * from './intake-messages.js';
export * from './intake-submission.js';
export * from './status-labels.js';
