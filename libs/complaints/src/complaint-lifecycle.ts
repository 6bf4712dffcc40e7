import { COMPLAINT_STATUSES, type ComplaintOutcome, type ComplaintStatus } from './complaint.entity.js';

/*
 * The complaint lifecycle (domain.md) as pure data and one pure function, so every rule can be
 * unit-tested without a database and the services only apply what `planTransition` decided.
 *
 *   new ──▶ triage ──▶ open ──▶ escalated ──▶ resolved ──▶ closed
 *    │         │        │  ▲        │            │
 *    │         ▼        ▼  └────────┘            └──▶ open (reopen, with reason)
 *    └────▶ rejected (reason required)
 */

export const ALLOWED_TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  new: ['triage', 'rejected'],
  triage: ['open', 'rejected'],
  open: ['escalated', 'rejected'],
  escalated: ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: [],
  rejected: [],
};

/** Outcomes that mean money came back (or was agreed): they must say how much. */
export const OUTCOMES_WITH_RECOVERY: readonly ComplaintOutcome[] = ['paid_in_full', 'paid_partly', 'settled'];

export interface Money {
  /** Decimal string, at most two decimals: never a float. */
  readonly amount: string;
  /** ISO 4217. */
  readonly currency: string;
}

export interface TransitionRequest {
  readonly to: ComplaintStatus;
  readonly reason?: string | null;
  readonly outcome?: ComplaintOutcome | null;
  readonly recovered?: Money | null;
}

/** What a transition writes. `null` clears a field; fields not listed stay as they are. */
export interface TransitionPlan {
  readonly from: ComplaintStatus;
  readonly to: ComplaintStatus;
  /** The reason to store (encrypted), or null to clear the previous status's reason. */
  readonly reason: string | null;
  /** `keep` when closing: a closed complaint keeps the outcome it was resolved with. */
  readonly outcome: ComplaintOutcome | null | 'keep';
  /** Set only when resolving with a recovered amount; undefined leaves the stored amount alone. */
  readonly recovered?: Money;
  readonly setResolvedAt: 'now' | 'clear' | 'keep';
  readonly setClosedAt: 'now' | 'keep';
  readonly isReopen: boolean;
}

/** Refused: the target is not reachable from here (409 with `allowed`). */
export interface TransitionNotAllowed {
  readonly kind: 'not-allowed';
  readonly message: string;
  readonly allowed: readonly ComplaintStatus[];
}

/** The target is fine but the request lacks what it needs or carries what does not fit (422). */
export interface TransitionIncomplete {
  readonly kind: 'incomplete';
  readonly field: 'reason' | 'outcome' | 'recovered';
  readonly message: string;
}

export type TransitionError = TransitionNotAllowed | TransitionIncomplete;

export type TransitionResult = { ok: true; plan: TransitionPlan } | { ok: false; error: TransitionError };

export function allowedTargets(current: ComplaintStatus): readonly ComplaintStatus[] {
  return ALLOWED_TRANSITIONS[current];
}

export function isFinalStatus(status: ComplaintStatus): boolean {
  return ALLOWED_TRANSITIONS[status].length === 0;
}

export function isStatus(value: unknown): value is ComplaintStatus {
  return typeof value === 'string' && (COMPLAINT_STATUSES as readonly string[]).includes(value);
}

function fail(error: TransitionError): TransitionResult {
  return { ok: false, error };
}

function hasText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Decides whether `current → request.to` may happen and what it writes. Never throws. */
export function planTransition(current: ComplaintStatus, request: TransitionRequest): TransitionResult {
  const allowed = allowedTargets(current);
  if (!allowed.includes(request.to)) {
    const message =
      allowed.length === 0
        ? `A ${current} complaint is final and cannot change status`
        : `A ${current} complaint cannot move to ${request.to}; allowed: ${allowed.join(', ')}`;
    return fail({ kind: 'not-allowed', message, allowed });
  }

  const isReopen = current === 'resolved' && request.to === 'open';
  if ((request.to === 'rejected' || isReopen) && !hasText(request.reason)) {
    return fail({
      kind: 'incomplete',
      field: 'reason',
      message: isReopen ? 'Reopening a resolved complaint needs a reason' : 'Rejecting a complaint needs a reason',
    });
  }

  if (request.to !== 'resolved') {
    if (request.outcome != null) {
      return fail({ kind: 'incomplete', field: 'outcome', message: 'An outcome is only given when resolving' });
    }
    if (request.recovered != null) {
      return fail({
        kind: 'incomplete',
        field: 'recovered',
        message: 'A recovered amount is only given when resolving',
      });
    }
  } else {
    if (request.outcome == null) {
      return fail({ kind: 'incomplete', field: 'outcome', message: 'Resolving a complaint needs an outcome' });
    }
    if (OUTCOMES_WITH_RECOVERY.includes(request.outcome) && request.recovered == null) {
      return fail({
        kind: 'incomplete',
        field: 'recovered',
        message: `The outcome ${request.outcome} needs the recovered amount`,
      });
    }
  }

  const reason = hasText(request.reason) ? request.reason.trim() : null;
  return {
    ok: true,
    plan: {
      from: current,
      to: request.to,
      reason,
      outcome: request.to === 'resolved' ? request.outcome! : request.to === 'closed' ? 'keep' : null,
      ...(request.to === 'resolved' && request.recovered != null ? { recovered: request.recovered } : {}),
      setResolvedAt: request.to === 'resolved' ? 'now' : isReopen ? 'clear' : 'keep',
      setClosedAt: request.to === 'closed' ? 'now' : 'keep',
      isReopen,
    },
  };
}
