import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import {
  DEADLINE_RULES,
  DeadlineCalculator,
  DeadlineRuleBook,
  defaultRuleBook,
  parsePlainDate,
  type DeadlineRule,
} from '@mc/deadlines';
import { NO_KEY_DATES } from '@mc/testing';
import { ComplaintChangeListeners, type ComplaintChangeListener } from './complaint-change-listeners.js';
import type { ComplaintDeadline } from './complaint-deadline.entity.js';
import {
  ComplaintDeadlinesService,
  movedDeadlines,
  planDeadlineReplacement,
  type DeadlineSubject,
  type PlannedDeadline,
} from './complaint-deadlines.service.js';
import type { Complaint } from './complaint.entity.js';
import { rolledOverText } from './complaint-view.js';
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
    rolledOver: [...deadline.rolledOver],
    calendar: deadline.calendar,
    calendarVersionKey: deadline.calendarVersionKey,
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

  const withRule = (row: Partial<DeadlineRule> & Pick<DeadlineRule, 'version' | 'validFrom'>) =>
    new DeadlineRuleBook([...DEADLINE_RULES, { ...defaultRuleBook.find('de.kschg.4'), ...row }]);

  it('keeps rows whose trigger date, place, rule and calendar versions did not change', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    const plan = planDeadlineReplacement(stored, compute(defaultRuleBook, base));
    expect(plan).toEqual({ keep: stored, insert: [], remove: [] });
  });

  it('keeps a row under a change of law in force after its trigger date (the old version still applies)', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    const later = withRule({ version: 2, period: 'P4W', validFrom: parsePlainDate('2026-06-01') });
    const plan = planDeadlineReplacement(stored, compute(later, base));
    expect(plan.insert).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.keep.find((r) => r.ruleId === 'de.kschg.4')).toMatchObject({ ruleVersion: 1, dueDate: '2026-04-07' });
  });

  it('replaces a row computed with an older rule version than the one now in force on its trigger date', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    // A corrected table: de.kschg.4 v2 in force for the same event date with another period.
    const corrected = withRule({ version: 2, period: 'P4W', validFrom: parsePlainDate('2026-01-01') });
    const plan = planDeadlineReplacement(stored, compute(corrected, base));
    expect(plan.remove.map((r) => r.ruleId)).toEqual(['de.kschg.4']);
    expect(plan.insert).toEqual([
      expect.objectContaining({ ruleId: 'de.kschg.4', ruleVersion: 2, dueDate: '2026-04-10' }),
    ]);
    expect(plan.keep.map((r) => r.ruleId).sort()).toEqual(['de.ausschlussfrist', 'de.bgb.195']);
  });

  it('replaces a row whose calendar version differs from the current one, or that has none', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    const [first, second, third] = stored;
    const aged = [
      { ...first!, calendarVersionKey: 'date-holidays@0' },
      { ...second!, calendarVersionKey: null },
      third!,
    ];
    const plan = planDeadlineReplacement(aged, compute(defaultRuleBook, base));
    expect(plan.remove).toEqual([aged[0], aged[1]]);
    expect(plan.insert.map((d) => [d.ruleId, d.calendarVersionKey])).toEqual([
      [first!.ruleId, first!.calendarVersionKey],
      [second!.ruleId, second!.calendarVersionKey],
    ]);
    expect(plan.keep).toEqual([third]);
  });

  it('reports the rules whose due date a replacement moved, not those replaced with the same date', () => {
    const stored = compute(defaultRuleBook, base).map(storedRow);
    const corrected = withRule({ version: 2, period: 'P4W', validFrom: parsePlainDate('2026-01-01') });
    const added = compute(corrected, base).map((d) => ({ ...storedRow(d), id: `new-${d.ruleId}` }));
    expect(movedDeadlines({ removed: stored, added })).toEqual([
      { before: stored.find((r) => r.ruleId === 'de.kschg.4'), after: added.find((r) => r.ruleId === 'de.kschg.4') },
    ]);
  });

  it('replaces an NL row stored before the statute list: 5 and 6 May 2027 roll it to 7 May', () => {
    const nl = subject({ countryOfWork: 'NL', employmentEnd: '2027-03-05' });
    const fresh = compute(defaultRuleBook, nl);
    const main = fresh.find((d) => d.ruleId === 'nl.bw.7-686a')!;
    expect(main).toMatchObject({ dueDate: '2027-05-07', calendarVersionKey: 'nl.atw.3@1' });
    // As it was stored before: the date-holidays date, no reasons, no calendar version.
    const old = {
      ...storedRow(main),
      dueDate: '2027-05-05',
      rolledFrom: null,
      rolledOver: [],
      calendarVersionKey: null,
    };
    const plan = planDeadlineReplacement([old], [main]);
    expect(plan).toEqual({ keep: [], insert: [main], remove: [old] });
    expect(main.rolledOver).toEqual([
      { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
      { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
    ]);
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

describe('rolledOverText', () => {
  it('says each day with its reason, weekends by their name only, and the due date with its year', () => {
    expect(
      rolledOverText(
        [
          { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
          { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
        ],
        '2027-05-07',
      ),
    ).toBe(
      'rolled over Wed 5 May (5 May, Algemene termijnenwet art. 3), Thu 6 May (Ascension Day, Algemene termijnenwet art. 3) to Fri 7 May 2027',
    );
    expect(
      rolledOverText(
        [
          { date: '2027-12-31', reason: "New Year's Eve, public holidays of LT (date-holidays)" },
          { date: '2028-01-01', reason: 'Saturday' },
          { date: '2028-01-02', reason: 'Sunday' },
        ],
        '2028-01-03',
      ),
    ).toBe(
      "rolled over Fri 31 Dec 2027 (New Year's Eve, public holidays of LT (date-holidays)), Sat 1 Jan, Sun 2 Jan to Mon 3 Jan 2028",
    );
    expect(rolledOverText([], '2027-05-07')).toBeNull();
  });
});
