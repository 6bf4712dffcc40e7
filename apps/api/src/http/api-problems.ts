import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'employmentEnd' })
  field!: string;

  @ApiProperty({ example: 'employmentEnd must not be before employmentStart' })
  message!: string;
}

/** RFC 9457 problem details (`problem-details.ts`), the body of every error answer. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank', description: '`about:blank`, or one of ours: `urn:mc:problem:…`' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'Complaint not found' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/complaints/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'The invalid fields (validation errors)' })
  errors?: FieldErrorDto[];
}

/** The answers that mean the same on every route; any other status needs its own description. */
const USUAL_MEANING = {
  400: 'The request is not valid: a malformed id, an invalid or unknown field (`errors` lists them)',
  401: 'No bearer token, or one that is unknown, expired or revoked',
  403: 'Your role may not use this route',
  404: 'No such record, or not in your scope',
} as const;

type UsualStatus = keyof typeof USUAL_MEANING;

/**
 * The answers an `@Idempotent()` route adds (idempotency.interceptor.ts). A replay re-reads the
 * record, so it may also answer that re-read's 404 (or 410): the route lists those itself.
 */
export const IDEMPOTENCY_PROBLEMS = {
  409: 'a request with this Idempotency-Key is still running, or the key belongs to an earlier version of this route',
  422: 'the Idempotency-Key was already used with another body',
} as const;

/**
 * Documents the error answers a route really gives, each as `application/problem+json` with the
 * shared ProblemDetails schema: `@ApiProblemResponses(400, 401, 404, { 409: 'Stale version' })`.
 * A status named twice gets both reasons. On a controller it applies to every route (a route's
 * own entry for the same status wins).
 */
export function ApiProblemResponses(
  ...problems: Array<UsualStatus | Record<number, string>>
): MethodDecorator & ClassDecorator {
  const reasons = new Map<number, string[]>();
  for (const entry of problems) {
    const pairs: Array<[string | number, string]> =
      typeof entry === 'number' ? [[entry, USUAL_MEANING[entry]]] : Object.entries(entry);
    for (const [key, reason] of pairs) {
      const status = Number(key);
      reasons.set(status, [...(reasons.get(status) ?? []), reason]);
    }
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...[...reasons].map(([status, texts]) => {
      const description = texts.join('; ');
      return ApiResponse({
        status,
        description: description.charAt(0).toUpperCase() + description.slice(1),
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      });
    }),
  );
}
