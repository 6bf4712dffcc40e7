import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DEADLINE_RULES, DeadlineCalculator, DeadlineRuleBook, defaultRuleBook, parsePlainDate } from '@mc/deadlines';
import { NO_KEY_DATES } from '@mc/testing';
import { ComplaintChangeListeners, type ComplaintChangeListener } from './complaint-change-listeners.js';
import type { ComplaintDeadline } from './complaint-deadline.entity.js';
import {
  ComplaintDeadlinesService,
  planDeadlineReplacement,
  type DeadlineSubject,
  type PlannedDeadline,
} from './complaint-deadlines.service.js';
import type { Complaint } from './complaint.entity.js';
import type { TimelineService } from './timeline.service.js';
import { ComplaintError } from './complaint-errors.js';

function subject(overrides: Partial<DeadlineSubject>): DeadlineSubject {
  return { countryOfWork: 'DE', region: null, ...NO_KEY_DATES, ...overrides };
}

function service(rules: DeadlineRuleBook = defaultRuleBook): ComplaintDeadlinesService {
  // compute() needs no database and no timeline.
  return new ComplaintDeadlinesService(new DeadlineCalculator(rules), rules, {} as TimelineService);
}

/** The status the API gives each kind (apps/api/src/http/domain-problem.ts), and the field errors. */
const STATUS_OF_KIND: Partial<Record<string, number>> = { invalid: 400, unprocessable: 422 };

function problem(fn: () => unknown): { status: number; body: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ComplaintError);
    const refusal = error as ComplaintError;
    return { status: STATUS_OF_KIND[refusal.kind] ?? 500, body: { errors: refusal.fields } };
  }
  throw new Error('expected an error');
}

function storedRow(deadline: PlannedDeadline): ComplaintDeadline {
  return {
    id: `row-${deadline.ruleId}`,
    complaintId: 'c1',
    ruleId: deadline.ruleId,
    ruleVersion: deadline.ruleVersion,
    trigger: deadline.trigger,
    eventDate: deadline.eventDate,
    period: deadline.period,
    dueDate: deadline.dueDate,
    rolledFrom: deadline.rolledFrom,
    calendar: deadline.calendar,
    computedAt: new Date(0),
  };
}

describe('ComplaintDeadlinesService.compute', () => {
  it('computes the worked example of domain.md with the trigger of the rule', () => {
    const [deadline, ...rest] = service().compute(subject({ region: 'DE-NW', dismissalNoticeReceived: '2026-03-13' }));
    expect(rest).toEqual([]);
    expect(deadline).toMatchObject({
      ruleId: 'de.kschg.4',
      ruleVersion: 1,
      trigger: 'dismissal_notice_received',
      eventDate: '2026-03-13',
      period: 'P3W',
      dueDate: '2026-04-07',
      rolledFrom: '2026-04-03',
      calendar: 'DE-NW',
    });
  });

  it('counts employmentEnd as a trigger date (NL, CZ)', () => {
    const ids = service()
      .compute(subject({ countryOfWork: 'NL', employmentEnd: '2026-02-27' }))
      .map((d) => d.ruleId);
    expect(ids).toEqual(['nl.bw.7-686a', 'nl.bw.7-686a.transitie']);
  });

  it('answers 400 on region for a region the holiday data does not know, even without key dates', () => {
    for (const s of [
      subject({ region: 'DE-XX' }),
      subject({ region: 'DE-XX', dismissalNoticeReceived: '2026-03-13' }),
    ]) {
      const { status, body } = problem(() => service().compute(s));
      expect(status).toBe(400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'region' })]);
    }
  });

  it('does not check regions of countries without rules', () => {
    expect(service().compute(subject({ countryOfWork: 'AT', region: 'AT-9' }))).toEqual([]);
  });

  it('answers 422 on the key date when no version of a rule was in force on it', () => {
    const { status, body } = problem(() => service().compute(subject({ wageDue: '2001-06-30' })));
    expect(status).toBe(422);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'keyDates.wageDue' })]);
    const nl = problem(() => service().compute(subject({ countryOfWork: 'NL', employmentEnd: '2015-06-30' })));
    expect(nl.status).toBe(422);
    expect((nl.body.errors as Array<{ field: string }>)[0]!.field).toBe('employmentEnd');
  });

  it('throws complaint errors, never engine errors', () => {
    expect(() => service().compute(subject({ region: 'DE-XX' }))).toThrow(
      expect.objectContaining({ code: 'complaint.deadline-input-invalid', kind: 'invalid' }),
    );
    expect(() => service().compute(subject({ wageDue: '1990-01-01' }))).toThrow(
      expect.objectContaining({ code: 'complaint.no-deadline-rule-version', kind: 'unprocessable' }),
    );
  });
});

describe('planDeadlineReplacement', () => {
  const compute = (rules: DeadlineRuleBook, s: DeadlineSubject) => service(rules).compute(s);
  const base = subject({ region: 'DE-NW', dismissalNoticeReceived: '2026-03-13', wageDue: '2026-05-31' });

  it('keeps rows whose trigger date and calendar did not change, even under a newer rule version', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    // A corrected table: de.kschg.4 v2 in force for the same event date with another period.
    const v2 = new DeadlineRuleBook([
      ...DEADLINE_RULES,
      { ...defaultRuleBook.find('de.kschg.4'), version: 2, period: 'P4W', validFrom: parsePlainDate('2026-01-01') },
    ]);
    const fresh = compute(v2, base);
    expect(fresh.find((d) => d.ruleId === 'de.kschg.4')?.ruleVersion).toBe(2);
    const plan = planDeadlineReplacement(stored, fresh);
    expect(plan.insert).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.keep.find((r) => r.ruleId === 'de.kschg.4')).toMatchObject({ ruleVersion: 1, dueDate: '2026-04-07' });

    // Once the key date changes, the rule is recomputed with the version in force.
    const moved = planDeadlineReplacement(stored, compute(v2, { ...base, dismissalNoticeReceived: '2026-03-16' }));
    expect(moved.remove.map((r) => r.ruleId)).toEqual(['de.kschg.4']);
    expect(moved.insert).toEqual([expect.objectContaining({ ruleId: 'de.kschg.4', ruleVersion: 2 })]);
  });

  it('replaces rows whose calendar changed and removes rules that no longer apply', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    const plan = planDeadlineReplacement(stored, compute(defaultRuleBook, { ...base, region: 'DE-BE', wageDue: null }));
    expect(plan.keep).toEqual([]);
    expect(plan.insert.map((d) => [d.ruleId, d.calendar])).toEqual([['de.kschg.4', 'DE-BE']]);
    expect(plan.remove.map((r) => r.ruleId).sort()).toEqual(['de.ausschlussfrist', 'de.bgb.195', 'de.kschg.4']);
  });
});

describe('ComplaintChangeListeners', () => {
  const manager = {} as EntityManager;
  const complaint = { id: 'c1' } as Complaint;
  const actor = { kind: 'system' } as const;

  it('runs listeners one after another in registration order, skipping missing hooks', async () => {
    const calls: string[] = [];
    const slow: ComplaintChangeListener = {
      async statusChanged(_m, c, from, to) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        calls.push(`slow ${c.id} ${from}->${to}`);
      },
    };
    const fast: ComplaintChangeListener = {
      async statusChanged() {
        calls.push('fast');
      },
      async clockResumed(_m, _c, seconds) {
        calls.push(`resumed ${seconds}`);
      },
    };
    const registry = new ComplaintChangeListeners();
    registry.register(slow);
    registry.register(fast);
    registry.register(fast);
    registry.register({});
    await registry.emitStatusChanged(manager, complaint, 'new', 'triage', actor);
    await registry.emitClockResumed(manager, complaint, 42, actor);
    await registry.emitClockPaused(manager, complaint, actor);
    await registry.emitDeadlinesChanged(manager, complaint, [], actor);
    expect(calls).toEqual(['slow c1 new->triage', 'fast', 'resumed 42']);
  });

  it('propagates the first error and does not call later listeners', async () => {
    const calls: string[] = [];
    const registry = new ComplaintChangeListeners();
    registry.register({
      async deadlinesChanged() {
        throw new Error('step could not be created');
      },
    });
    registry.register({
      async deadlinesChanged() {
        calls.push('second');
      },
    });
    await expect(registry.emitDeadlinesChanged(manager, complaint, [], actor)).rejects.toThrow(
      'step could not be created',
    );
    expect(calls).toEqual([]);
  });

  it('forgets an unregistered listener', async () => {
    const calls: string[] = [];
    const listener: ComplaintChangeListener = {
      async clockPaused() {
        calls.push('paused');
      },
    };
    const registry = new ComplaintChangeListeners();
    registry.register(listener);
    registry.unregister(listener);
    await registry.emitClockPaused(manager, complaint, actor);
    expect(calls).toEqual([]);
  });
});
