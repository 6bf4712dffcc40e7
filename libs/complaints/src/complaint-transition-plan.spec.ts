import { describe, expect, it } from 'vitest';
import { ComplaintError } from './complaint-errors.js';
import { planStatusChange } from './complaint-transition-plan.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const euro = { amount: '250.00', currency: 'EUR' };

describe('planStatusChange', () => {
  it('moves an open complaint on, clearing the outcome and the previous reason', () => {
    expect(planStatusChange({ status: 'open', outcome: null }, { to: 'escalated' }, now)).toEqual({
      patch: { status: 'escalated', outcome: null },
      text: { statusReason: null },
      timeline: [{ type: 'status.changed', data: { from: 'open', to: 'escalated', outcome: null } }],
      audit: { action: 'complaint.transition', details: { from: 'open', to: 'escalated', outcome: null } },
      event: { kind: 'statusChanged', from: 'open', to: 'escalated' },
    });
  });

  it('resolves with money: outcome, recovered amount and resolvedAt', () => {
    const plan = planStatusChange(
      { status: 'escalated', outcome: null },
      { to: 'resolved', outcome: 'paid_partly', recovered: euro },
      now,
    );
    expect(plan.patch).toEqual({
      status: 'resolved',
      outcome: 'paid_partly',
      amountRecovered: '250.00',
      amountRecoveredCurrency: 'EUR',
      resolvedAt: now,
    });
    expect(plan.audit.details).toEqual({ from: 'escalated', to: 'resolved', outcome: 'paid_partly' });
  });

  it('resolves without money and clears an amount left from an earlier resolution', () => {
    const plan = planStatusChange({ status: 'escalated', outcome: null }, { to: 'resolved', outcome: 'lost' }, now);
    expect(plan.patch).toMatchObject({ amountRecovered: null, amountRecoveredCurrency: null, resolvedAt: now });
  });

  it('closes keeping the outcome the complaint was resolved with', () => {
    const plan = planStatusChange({ status: 'resolved', outcome: 'settled' }, { to: 'closed' }, now);
    expect(plan.patch).toEqual({ status: 'closed', closedAt: now });
    expect(plan.timeline).toEqual([
      { type: 'status.changed', data: { from: 'resolved', to: 'closed', outcome: 'settled' } },
    ]);
    expect(plan.audit.details).toEqual({ from: 'resolved', to: 'closed', outcome: 'settled' });
  });

  it('reopens with its trimmed reason, clears resolvedAt and marks the event reopened', () => {
    const plan = planStatusChange({ status: 'resolved', outcome: 'lost' }, { to: 'open', reason: '  new facts ' }, now);
    expect(plan.patch).toEqual({ status: 'open', outcome: null, resolvedAt: null });
    expect(plan.text).toEqual({ statusReason: 'new facts' });
    expect(plan.timeline[0]?.data).toEqual({ from: 'resolved', to: 'open', outcome: null, reopened: true });
    // The audit row records the move, not the reopen flag (as before the planner).
    expect(plan.audit.details).toEqual({ from: 'resolved', to: 'open', outcome: null });
  });

  it('stores the reason of a rejection', () => {
    const plan = planStatusChange({ status: 'new', outcome: null }, { to: 'rejected', reason: 'duplicate' }, now);
    expect(plan.text).toEqual({ statusReason: 'duplicate' });
  });

  it('refuses a target the lifecycle does not allow with 409 and the allowed targets', () => {
    let error: unknown;
    try {
      planStatusChange({ status: 'new', outcome: null }, { to: 'closed' }, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComplaintError);
    expect(error).toMatchObject({
      code: 'complaint.transition-not-allowed',
      kind: 'conflict',
      message: 'A new complaint cannot move to closed; allowed: triage, rejected',
      details: { allowed: ['triage', 'rejected'] },
    });
  });

  it('refuses an incomplete request with 422 on the missing field', () => {
    expect(() => planStatusChange({ status: 'escalated', outcome: null }, { to: 'resolved' }, now)).toThrow(
      expect.objectContaining({
        code: 'complaint.transition-incomplete',
        kind: 'unprocessable',
        fields: [{ field: 'outcome', message: 'Resolving a complaint needs an outcome' }],
      }),
    );
  });
});
