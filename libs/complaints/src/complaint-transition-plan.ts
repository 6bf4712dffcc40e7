import type { ComplaintChangePlan, ComplaintPatch } from './complaint-change-plan.js';
import { ComplaintError } from './complaint-errors.js';
import { planTransition, type TransitionError, type TransitionRequest } from './complaint-lifecycle.js';
import type { Complaint } from './complaint.entity.js';

/** `planTransition`'s refusal as the error the API answers: 409 with `allowed`, or 422 on the field. */
function refusal(error: TransitionError): ComplaintError {
  if (error.kind === 'not-allowed') {
    return new ComplaintError('complaint.transition-not-allowed', error.message, {
      details: { allowed: [...error.allowed] },
    });
  }
  return new ComplaintError('complaint.transition-incomplete', error.message, {
    fields: [{ field: error.field, message: error.message }],
  });
}

/**
 * The columns, events and audit row of a status transition: `planTransition` decides whether it
 * may happen and what it means, this turns its plan into what is written. Throws the refusal.
 */
export function planStatusChange(
  complaint: Pick<Complaint, 'status' | 'outcome'>,
  request: TransitionRequest,
  now: Date,
): ComplaintChangePlan {
  const result = planTransition(complaint.status, request);
  if (!result.ok) throw refusal(result.error);
  const { plan } = result;
  const patch: ComplaintPatch = { status: plan.to };
  if (plan.outcome !== 'keep') patch.outcome = plan.outcome;
  if (plan.recovered) {
    patch.amountRecovered = plan.recovered.amount;
    patch.amountRecoveredCurrency = plan.recovered.currency;
  } else if (plan.to === 'resolved') {
    // Resolved again without money (lost, withdrawn, ...): an amount from an earlier
    // resolution before a reopen must not count as recovered in reports.
    patch.amountRecovered = null;
    patch.amountRecoveredCurrency = null;
  }
  if (plan.setResolvedAt === 'now') patch.resolvedAt = now;
  if (plan.setResolvedAt === 'clear') patch.resolvedAt = null;
  if (plan.setClosedAt === 'now') patch.closedAt = now;

  const outcome = plan.outcome === 'keep' ? complaint.outcome : plan.outcome;
  return {
    patch,
    // The reason belongs to the status it explains: a later transition replaces or clears it.
    text: { statusReason: plan.reason },
    timeline: [
      {
        type: 'status.changed',
        data: { from: plan.from, to: plan.to, outcome, ...(plan.isReopen ? { reopened: true } : {}) },
      },
    ],
    audit: { action: 'complaint.transition', details: { from: plan.from, to: plan.to, outcome } },
    event: { kind: 'statusChanged', from: plan.from, to: plan.to },
  };
}
