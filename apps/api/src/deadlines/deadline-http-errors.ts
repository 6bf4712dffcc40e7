import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  DeadlineError,
  InvalidDateError,
  InvalidPeriodError,
  InvalidRegionError,
  NoRuleVersionError,
  PeriodOverrideNotAllowedError,
  UnknownDeadlineRuleError,
} from '@mc/deadlines';
import { RequestValidationException } from '../http/validation.js';

/**
 * Turns the engine's errors into HTTP problems: unknown rule 404, bad input 400 (as a field
 * error, like the validation pipe's), a rule not yet in force on the event date 422. Messages
 * name rules and formats only, so they may be shown as they are.
 */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof DeadlineError)) return error;
  if (error instanceof UnknownDeadlineRuleError) return new NotFoundException(error.message);
  if (error instanceof NoRuleVersionError) return new UnprocessableEntityException(error.message);
  if (error instanceof InvalidDateError)
    return new RequestValidationException([{ field: 'eventDate', message: error.message }]);
  if (error instanceof InvalidRegionError)
    return new RequestValidationException([{ field: 'region', message: error.message }]);
  if (error instanceof InvalidPeriodError || error instanceof PeriodOverrideNotAllowedError) {
    return new RequestValidationException([{ field: 'period', message: error.message }]);
  }
  return error;
}
