import { HttpStatus } from '@nestjs/common';
import type { DomainError, DomainErrorKind } from '@mc/errors';
import { problem, type ProblemDetails } from './problem-details.js';

/** The one place a library's kind of refusal becomes an HTTP status. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid: HttpStatus.BAD_REQUEST,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  gone: HttpStatus.GONE,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  precondition: HttpStatus.PRECONDITION_FAILED,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  'unsupported-type': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  integrity: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * A library's error as problem+json: its message as `detail`, its safe details as extension
 * members, its field errors as `errors`, its own problem type when it has one. The body is the
 * one the HTTP exceptions thrown by the libraries used to produce.
 */
export function domainProblem(error: DomainError, instance: string): ProblemDetails {
  return problem(DOMAIN_ERROR_STATUS[error.kind], error.message, {
    instance,
    ...error.details,
    ...(error.fields ? { errors: error.fields.map((f) => ({ field: f.field, message: f.message })) } : {}),
    ...(error.type ? { type: error.type } : {}),
  });
}
