import { codedErrors } from '@mc/errors';

/** Every refusal of the employers library, by stable code, with the kind each one always has. */
export const EMPLOYER_ERRORS = {
  'employer.stale-version': 'conflict',
  'employer.merged': 'conflict',
  'employer.already-merged': 'conflict',
  'employer.merge-into-itself': 'unprocessable',
  'employer.unknown-parent': 'unprocessable',
  'employer.parent-cycle': 'unprocessable',
  'employer.household-change-forbidden': 'forbidden',
} as const;

export type EmployerErrorCode = keyof typeof EMPLOYER_ERRORS;

/** A refusal about an employer record; messages name fields and ids, never a household's address. */
export class EmployerError extends codedErrors(EMPLOYER_ERRORS) {}
