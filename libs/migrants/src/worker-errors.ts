import { codedErrors } from '@mc/errors';

/**
 * A refusal about a migrant worker's record; messages name fields and channels, never the person.
 * The codes are every refusal of the workers library, each with the kind it always has.
 */
export class WorkerError extends codedErrors({
  'worker.channel-without-contact': 'unprocessable',
  'worker.erased': 'conflict',
  'worker.stale-version': 'conflict',
  'worker.integrity-failure': 'integrity',
}) {}

export type WorkerErrorCode = WorkerError['code'];
