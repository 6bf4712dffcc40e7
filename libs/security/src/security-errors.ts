import { codedErrors } from '@mc/errors';

/**
 * A refusal of a user or login operation; messages never quote the email or the password.
 * The codes are every refusal of the security library's services, each with the kind it always has.
 */
export class SecurityError extends codedErrors({
  'auth.invalid-credentials': 'unauthenticated',
  'access.no-rule': 'forbidden',
  'access.token-required': 'unauthenticated',
  'access.role-not-allowed': 'forbidden',
  'access.user-required': 'unauthenticated',
  'user.email-taken': 'conflict',
  'user.stale-version': 'conflict',
  'user.invalid-cursor': 'invalid',
}) {}

export type SecurityErrorCode = SecurityError['code'];
