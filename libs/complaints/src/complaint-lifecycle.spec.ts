import { describe, expect, it } from 'vitest';
import { COMPLAINT_OUTCOMES, COMPLAINT_STATUSES, type ComplaintStatus } from './complaint.entity.js';
import {
  ALLOWED_TRANSITIONS,
  OUTCOMES_WITH_RECOVERY,
  allowedTargets,
  isFinalStatus,
  planTransition,
  type TransitionRequest,
} from './complaint-lifecycle.js';

const EXPECTED: Record<ComplaintStatus, ComplaintStatus[]> = {
  new: ['triage', 'rejected'],
  triage: ['open', 'rejected'],
  open: ['escalated', 'rejected'],
  escalated: ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: [],
  rejected: [],
};

const euro = { amount: '100.00', currency: 'EUR' };

/** A request that carries whatever the target needs, so only the pair itself decides. */
function completeRequest(to: ComplaintStatus): TransitionRequest {
  if (to === 'resolved') return { to, outcome: 'paid_partly', recovered: euro };
  return { to, reason: 'because' };
}

describe('complaint lifecycle', () => {
  describe('every pair of statuses', () => {
    for (const from of COMPLAINT_STATUSES) {
      for (const to of COMPLAINT_STATUSES) {
        const allowed = EXPECTED[from].includes(to);
        it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
          const result = planTransition(from, completeRequest(to));
          expect(result.ok).toBe(allowed);
          if (!result.ok) {
            expect(result.error.kind).toBe('not-allowed');
            if (result.error.kind === 'not-allowed') expect([...result.error.allowed]).toEqual(EXPECTED[from]);
          } else {
            expect(result.plan.from).toBe(from);
            expect(result.plan.to).toBe(to);
          }
        });
      }
    }
  });

  it('names the allowed targets in the refusal', () => {
    const result = planTransition('new', { to: 'closed' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-allowed', allowed: ['triage', 'rejected'] } });
    if (!result.ok) expect(result.error.message).toContain('triage, rejected');
  });

  it('treats closed and rejected as final', () => {
    expect(isFinalStatus('closed')).toBe(true);
    expect(isFinalStatus('rejected')).toBe(true);
    for (const status of ['new', 'triage', 'open', 'escalated', 'resolved'] as const) {
      expect(isFinalStatus(status)).toBe(false);
    }
    const result = planTransition('rejected', { to: 'open', reason: 'a mistake' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-allowed', allowed: [] } });
    if (!result.ok) expect(result.error.message).toContain('final');
  });

  it('exposes the table it enforces', () => {
    for (const status of COMPLAINT_STATUSES) expect([...allowedTargets(status)]).toEqual(EXPECTED[status]);
    expect(Object.keys(ALLOWED_TRANSITIONS).sort()).toEqual([...COMPLAINT_STATUSES].sort());
  });

  describe('rejecting', () => {
    it('needs a reason', () => {
      for (const from of ['new', 'triage', 'open'] as const) {
        expect(planTransition(from, { to: 'rejected' })).toMatchObject({
          ok: false,
          error: { kind: 'incomplete', field: 'reason' },
        });
      }
    });

    it('refuses a blank reason', () => {
      expect(planTransition('new', { to: 'rejected', reason: '   ' })).toMatchObject({
        ok: false,
        error: { kind: 'incomplete', field: 'reason' },
      });
    });

    it('keeps the trimmed reason and clears any outcome', () => {
      const result = planTransition('triage', { to: 'rejected', reason: '  duplicate of MC-1999-00001 ' });
      expect(result).toMatchObject({ ok: true, plan: { reason: 'duplicate of MC-1999-00001', outcome: null } });
    });
  });

  describe('resolving', () => {
    it('needs an outcome', () => {
      expect(planTransition('escalated', { to: 'resolved' })).toMatchObject({
        ok: false,
        error: { kind: 'incomplete', field: 'outcome' },
      });
    });

    for (const outcome of OUTCOMES_WITH_RECOVERY) {
      it(`needs the recovered amount for ${outcome}`, () => {
        expect(planTransition('escalated', { to: 'resolved', outcome })).toMatchObject({
          ok: false,
          error: { kind: 'incomplete', field: 'recovered' },
        });
        expect(planTransition('escalated', { to: 'resolved', outcome, recovered: euro })).toMatchObject({
          ok: true,
          plan: { outcome, recovered: euro, setResolvedAt: 'now' },
        });
      });
    }

    for (const outcome of COMPLAINT_OUTCOMES.filter((o) => !OUTCOMES_WITH_RECOVERY.includes(o))) {
      it(`accepts ${outcome} without a recovered amount`, () => {
        const result = planTransition('escalated', { to: 'resolved', outcome });
        expect(result).toMatchObject({ ok: true, plan: { outcome, setResolvedAt: 'now' } });
        if (result.ok) expect(result.plan.recovered).toBeUndefined();
      });
    }

    it('refuses an outcome or a recovered amount for other targets', () => {
      expect(planTransition('new', { to: 'triage', outcome: 'lost' })).toMatchObject({
        ok: false,
        error: { kind: 'incomplete', field: 'outcome' },
      });
      expect(planTransition('new', { to: 'triage', recovered: euro })).toMatchObject({
        ok: false,
        error: { kind: 'incomplete', field: 'recovered' },
      });
    });
  });

  describe('reopening', () => {
    it('needs a reason', () => {
      expect(planTransition('resolved', { to: 'open' })).toMatchObject({
        ok: false,
        error: { kind: 'incomplete', field: 'reason' },
      });
    });

    it('clears the outcome and the resolution time', () => {
      expect(planTransition('resolved', { to: 'open', reason: 'employer stopped paying' })).toMatchObject({
        ok: true,
        plan: { isReopen: true, outcome: null, setResolvedAt: 'clear', reason: 'employer stopped paying' },
      });
    });

    it('does not need a reason to go back from escalated to open', () => {
      expect(planTransition('escalated', { to: 'open' })).toMatchObject({
        ok: true,
        plan: { isReopen: false, reason: null },
      });
    });
  });

  it('closing keeps the outcome and sets the closing time', () => {
    expect(planTransition('resolved', { to: 'closed' })).toMatchObject({
      ok: true,
      plan: { outcome: 'keep', setClosedAt: 'now', setResolvedAt: 'keep' },
    });
  });
});
