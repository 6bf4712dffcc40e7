import { codedErrors } from '@mc/errors';

/**
 * A refusal about an employer record; messages name fields and ids, never a household's address.
 * The codes are every refusal of the employers library, each with the kind it always has.
 */
export class EmployerError extends codedErrors({
  'employer.stale-version': 'conflict',
  'employer.merged': 'conflict',
  'employer.already-merged': 'conflict',
  'employer.merge-into-itself': 'unprocessable',
  'employer.unknown-parent': 'unprocessable',
  'employer.parent-cycle': 'unprocessable',
  'employer.household-change-forbidden': 'forbidden',
}) {}

export type EmployerErrorCode = EmployerError['code'];
