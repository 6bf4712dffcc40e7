/**
 * Errors of the deadline engine. Messages name rules, codes and formats only (never personal
 * data), so callers may pass them on to API clients as they are.
 */
export abstract class DeadlineError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A date that does not exist or is not written `YYYY-MM-DD`. */
export class InvalidDateError extends DeadlineError {
  readonly code = 'invalid_date';
}

/** A period that is not a whole ISO 8601 duration of days, weeks, months or years. */
export class InvalidPeriodError extends DeadlineError {
  readonly code = 'invalid_period';
}

export class UnknownDeadlineRuleError extends DeadlineError {
  readonly code = 'unknown_rule';

  constructor(readonly ruleId: string) {
    super(`There is no deadline rule ${ruleId}`);
  }
}

/** The rule exists, but none of its versions was in force on the date asked for. */
export class NoRuleVersionError extends DeadlineError {
  readonly code = 'no_rule_version';

  constructor(
    readonly ruleId: string,
    readonly onDate: string,
  ) {
    super(`No version of rule ${ruleId} was in force on ${onDate}`);
  }
}

/** A region that is malformed, lies in another country than the rule, or has no holiday calendar. */
export class InvalidRegionError extends DeadlineError {
  readonly code = 'invalid_region';
}

/** A period override for a rule whose period is fixed by statute. */
export class PeriodOverrideNotAllowedError extends DeadlineError {
  readonly code = 'period_override_not_allowed';

  constructor(readonly ruleId: string) {
    super(`The period of rule ${ruleId} is fixed by statute and cannot be overridden`);
  }
}
