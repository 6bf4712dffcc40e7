import { codedErrors } from '@mc/errors';

/** Every refusal of the workers library, by stable code, with the kind each one always has. */
export const WORKER_ERRORS = {
  'worker.channel-without-contact': 'unprocessable',
  'worker.erased': 'conflict',
  'worker.stale-version': 'conflict',
  'worker.integrity-failure': 'integrity',
} as const;

export type WorkerErrorCode = keyof typeof WORKER_ERRORS;

/** A refusal about a migrant worker's record; messages name fields and channels, never the person. */
export class WorkerError extends codedErrors(WORKER_ERRORS) {}
