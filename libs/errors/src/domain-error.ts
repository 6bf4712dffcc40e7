/**
 * What went wrong, in words every edge understands: the API maps a kind to an HTTP status, an
 * HTML form to a message next to the field, the bot to a reply, a job handler to retry or not.
 */
export type DomainErrorKind =
  /** The input is malformed (a bad cursor, a date out of range). */
  | 'invalid'
  /** The input is well-formed but breaks a rule (a rule of another country, a missing confirmation). */
  | 'unprocessable'
  /** No such record, or one the actor may not see (the two look alike on purpose). */
  | 'not-found'
  /** The record's state forbids the change (a stale version, a closed complaint, a duplicate). */
  | 'conflict'
  /** The record existed but is gone for good (erased personal data). */
  | 'gone'
  /** The caller could not be identified (wrong credentials). */
  | 'unauthenticated'
  /** The actor may not do this, whatever the record's state. */
  | 'forbidden'
  /** A condition the caller set does not hold. */
  | 'precondition'
  /** The content is larger than accepted. */
  | 'too-large'
  /** The content is of a kind that is not accepted. */
  | 'unsupported-type'
  /** A stored record failed its integrity check (altered outside the application): not the caller's fault. */
  | 'integrity';

/** One input field at fault, named as the client sent it. */
export interface DomainFieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  /** Safe extra facts for the caller (`currentVersion`, `allowed`, `workersAtRisk`): never personal data. */
  details?: Readonly<Record<string, unknown>>;
  /** The input fields at fault. */
  fields?: readonly DomainFieldError[];
  /** A problem type of our own (`urn:mc:problem:...`) that tells clients what to do. */
  type?: `urn:mc:problem:${string}`;
  cause?: unknown;
}

/**
 * A library's refusal, free of any transport. `code` is stable (`step.stale-version`) and meant
 * for machines; `message` names rules, fields and formats only (never personal data), so an edge
 * may show it as it is.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  readonly details: Readonly<Record<string, unknown>>;
  readonly fields: readonly DomainFieldError[] | undefined;
  readonly type: `urn:mc:problem:${string}` | undefined;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details ?? {};
    this.fields = options.fields;
    this.type = options.type;
  }
}

/**
 * A library's own coded errors: a table from code to kind, so each code always has the same kind.
 * The table is written in the class declaration, so a library's error file is its codes and
 * nothing else; the codes' type comes from the class.
 *
 *     export class StepError extends codedErrors({ 'step.stale-version': 'conflict' }) {}
 *     export type StepErrorCode = StepError['code'];
 *     throw new StepError('step.stale-version', 'The step was changed by someone else');
 */
export function codedErrors<const T extends Readonly<Record<string, DomainErrorKind>>>(kinds: T) {
  abstract class CodedError extends DomainError {
    readonly code: keyof T & string;
    readonly kind: DomainErrorKind;

    constructor(code: keyof T & string, message: string, options?: DomainErrorOptions) {
      super(message, options);
      this.code = code;
      this.kind = kinds[code];
    }
  }
  return CodedError;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
