import { codedErrors } from '@mc/errors';

/** Every refusal of the security library's services, by stable code, with the kind each one always has. */
export const SECURITY_ERRORS = {
  'auth.invalid-credentials': 'unauthenticated',
  'access.no-rule': 'forbidden',
  'access.token-required': 'unauthenticated',
  'access.role-not-allowed': 'forbidden',
  'access.user-required': 'unauthenticated',
  'user.email-taken': 'conflict',
  'user.stale-version': 'conflict',
  'user.invalid-cursor': 'invalid',
} as const;

export type SecurityErrorCode = keyof typeof SECURITY_ERRORS;

/** A refusal of a user or login operation; messages never quote the email or the password. */
export class SecurityError extends codedErrors(SECURITY_ERRORS) {}
