import { describe, expect, it } from 'vitest';
import type { ComplaintCategory } from '@mc/complaints';
import { defaultRuleBook } from '@mc/deadlines';
import { NO_KEY_DATES } from '@mc/testing';
import { DAY_MS, planPlaybookSteps, sameStep, type PlaybookComplaint, type PlannedStep } from './playbook-planner.js';
import { DEFAULT_PLAYBOOKS, WAGE_CATEGORIES } from './playbooks.js';
import { STEP_TYPES } from './step-types.js';

const CREATED = new Date('2026-03-16T10:00:00.000Z');
const NOW = new Date('2026-03-18T12:00:00.000Z');
const plus = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);

function complaint(
  countryOfWork: string,
  categories: ComplaintCategory[],
  keyDates: Partial<PlaybookComplaint> = {},
): PlaybookComplaint {
  return {
    countryOfWork,
    region: null,
    categories,
    createdAt: CREATED,
    ...NO_KEY_DATES,
    ...keyDates,
  } as PlaybookComplaint;
}

const plan = (c: PlaybookComplaint) => planPlaybookSteps(DEFAULT_PLAYBOOKS, defaultRuleBook, c, NOW);

/** type, rule or internal offset in days from creation (or from now for the "ask" tasks). */
function shape(steps: PlannedStep[]) {
  return steps.map((s) => ({
    type: s.type,
    ...(s.deadlineRuleId !== undefined ? { rule: s.deadlineRuleId } : {}),
    ...(s.dueAt !== undefined
      ? { days: (s.dueAt.getTime() - (s.type === 'other' ? NOW : CREATED).getTime()) / DAY_MS }
      : {}),
    ...(s.urgent ? { urgent: true } : {}),
  }));
}

describe('DEFAULT_PLAYBOOKS', () => {
  it('names only rules that exist in the rule book and belong to the playbook country', () => {
    let rules = 0;
    for (const playbook of DEFAULT_PLAYBOOKS) {
      for (const step of playbook.steps) {
        if (step.ruleId === undefined) continue;
        rules++;
        expect(defaultRuleBook.has(step.ruleId), `${playbook.key}: ${step.ruleId}`).toBe(true);
        expect(playbook.country, `${playbook.key}: ${step.ruleId}`).toBe(defaultRuleBook.find(step.ruleId).country);
      }
    }
    expect(rules).toBeGreaterThanOrEqual(9);
  });

  it('gives every step a known type, a title, and either a rule or an offset', () => {
    const keys = new Set<string>();
    for (const playbook of DEFAULT_PLAYBOOKS) {
      expect(keys.has(playbook.key), playbook.key).toBe(false);
      keys.add(playbook.key);
      expect(playbook.steps.length).toBeGreaterThan(0);
      for (const step of playbook.steps) {
        expect(STEP_TYPES).toContain(step.type);
        expect(step.title.length).toBeGreaterThan(0);
        expect((step.ruleId === undefined) !== (step.offsetDays === undefined), `${playbook.key} ${step.type}`).toBe(
          true,
        );
      }
    }
  });

  it('puts the generic demand letter first', () => {
    expect(DEFAULT_PLAYBOOKS[0]).toMatchObject({ country: '*', categories: '*' });
    expect(DEFAULT_PLAYBOOKS[0]!.steps.map((s) => [s.type, s.offsetDays])).toEqual([['demand_letter', 14]]);
  });
});

describe('planPlaybookSteps', () => {
  it('DE unlawful dismissal with the notice date: demand letter, partner referral, labour court (de.kschg.4)', () => {
    const steps = plan(complaint('DE', ['unlawful_dismissal'], { dismissalNoticeReceived: '2026-03-13' }));
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', days: 14 },
      { type: 'partner_referral', days: 3 },
      { type: 'labour_court', rule: 'de.kschg.4' },
    ]);
    expect(steps.map((s) => s.playbook)).toEqual(['any.demand#1', 'de.dismissal#1', 'de.dismissal#2']);
    expect(steps.every((s) => !s.urgent)).toBe(true);
    expect(steps[0]!.dueAt).toEqual(plus(CREATED, 14));
  });

  it('DE unlawful dismissal without the notice date: a task to ask the worker follows the court step', () => {
    const steps = plan(complaint('DE', ['unlawful_dismissal']));
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', days: 14 },
      { type: 'partner_referral', days: 3 },
      { type: 'labour_court', rule: 'de.kschg.4' },
      { type: 'other', days: 1 },
    ]);
    expect(steps[3]!.title).toMatch(/^Ask the worker for /);
    expect(steps[3]!.title).toContain('dismissal notice');
    expect(steps[3]!.playbook).toBe('de.dismissal#2');
  });

  it.each(WAGE_CATEGORIES)('DE %s: the demand letter cites de.ausschlussfrist; union; court with de.bgb.195', (cat) => {
    const steps = plan(complaint('DE', [cat], { wageDue: '2026-02-28' }));
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', rule: 'de.ausschlussfrist' },
      { type: 'union_referral', days: 21 },
      { type: 'labour_court', rule: 'de.bgb.195' },
    ]);
    expect(steps[0]!.playbook).toBe('de.wages#1');
  });

  it('DE wages without the wage due date ask for it once, after the first step that needs it', () => {
    const steps = plan(complaint('DE', ['unpaid_wages']));
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', rule: 'de.ausschlussfrist' },
      { type: 'other', days: 1 },
      { type: 'union_referral', days: 21 },
      { type: 'labour_court', rule: 'de.bgb.195' },
    ]);
    expect(steps[1]!.title).toBe('Ask the worker for the day the unpaid wage was due');
  });

  it('document retention adds an urgent partner referral due the next day', () => {
    const steps = plan(complaint('DE', ['document_retention']));
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', days: 14 },
      { type: 'partner_referral', days: 1, urgent: true },
    ]);
  });

  it.each<ComplaintCategory>(['forced_labour_indicators', 'threats_intimidation'])(
    '%s is urgent in any country',
    (category) => {
      expect(shape(plan(complaint('RS', [category])))).toEqual([
        { type: 'demand_letter', days: 14 },
        { type: 'partner_referral', days: 1, urgent: true },
      ]);
    },
  );

  it('two categories of one playbook do not duplicate its steps', () => {
    expect(shape(plan(complaint('DE', ['unpaid_wages', 'below_minimum_wage'], { wageDue: '2026-02-28' })))).toEqual([
      { type: 'demand_letter', rule: 'de.ausschlussfrist' },
      { type: 'union_referral', days: 21 },
      { type: 'labour_court', rule: 'de.bgb.195' },
    ]);
    expect(shape(plan(complaint('PL', ['document_retention', 'threats_intimidation'])))).toEqual([
      { type: 'demand_letter', days: 14 },
      { type: 'partner_referral', days: 1, urgent: true },
    ]);
  });

  it('keeps two referrals of different playbooks (different partners), in table order', () => {
    const steps = plan(
      complaint('DE', ['document_retention', 'unlawful_dismissal'], { dismissalNoticeReceived: '2026-03-13' }),
    );
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', days: 14 },
      { type: 'partner_referral', days: 1, urgent: true },
      { type: 'partner_referral', days: 3 },
      { type: 'labour_court', rule: 'de.kschg.4' },
    ]);
  });

  it('treats steps as the same by rule, or by type and title for internal targets', () => {
    expect(
      sameStep(
        { type: 'labour_court', deadlineRuleId: 'de.kschg.4' },
        { type: 'labour_court', deadlineRuleId: 'de.kschg.4', title: 'x' },
      ),
    ).toBe(true);
    expect(
      sameStep(
        { type: 'labour_court', deadlineRuleId: 'de.kschg.4' },
        { type: 'labour_court', deadlineRuleId: 'de.bgb.195' },
      ),
    ).toBe(false);
    expect(
      sameStep({ type: 'labour_court', deadlineRuleId: 'de.kschg.4' }, { type: 'labour_court', title: null }),
    ).toBe(false);
    expect(sameStep({ type: 'partner_referral', title: 'a' }, { type: 'partner_referral', title: 'a' })).toBe(true);
    expect(sameStep({ type: 'partner_referral', title: 'a' }, { type: 'partner_referral', title: 'b' })).toBe(false);
    expect(sameStep({ type: 'partner_referral', title: 'a' }, { type: 'union_referral', title: 'a' })).toBe(false);
  });

  it('DE dismissal and wages together: one demand letter (with the cut-off), both court claims', () => {
    const steps = plan(
      complaint('DE', ['unlawful_dismissal', 'unpaid_wages'], {
        dismissalNoticeReceived: '2026-03-13',
        wageDue: '2026-02-28',
      }),
    );
    expect(shape(steps)).toEqual([
      { type: 'demand_letter', rule: 'de.ausschlussfrist' },
      { type: 'partner_referral', days: 3 },
      { type: 'labour_court', rule: 'de.kschg.4' },
      { type: 'union_referral', days: 21 },
      { type: 'labour_court', rule: 'de.bgb.195' },
    ]);
  });

  it.each<[string, Partial<PlaybookComplaint>, ReturnType<typeof shape>]>([
    [
      'FR',
      { dismissalNoticeReceived: '2026-03-13' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_inspectorate', days: 14 },
        { type: 'labour_court', rule: 'fr.l1471-1.rupture' },
      ],
    ],
    [
      'PL',
      { dismissalNoticeReceived: '2026-04-12' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_court', rule: 'pl.kp.264' },
      ],
    ],
    [
      'NL',
      { employmentEnd: '2026-03-31' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'union_referral', days: 7 },
        { type: 'labour_court', rule: 'nl.bw.7-686a' },
      ],
    ],
    [
      'CZ',
      { employmentEnd: '2026-03-31' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_court', rule: 'cz.zp.72' },
      ],
    ],
    [
      'LT',
      { dismissalNoticeReceived: '2026-03-13' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'conciliation', rule: 'lt.dk.220' },
      ],
    ],
    [
      'RS',
      { dismissalNoticeReceived: '2026-03-13' },
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_inspectorate', days: 7 },
        { type: 'labour_court', rule: 'rs.zr.195' },
      ],
    ],
  ])('%s unlawful dismissal follows domain.md', (country, keyDates, expected) => {
    expect(shape(plan(complaint(country, ['unlawful_dismissal'], keyDates)))).toEqual(expected);
  });

  it('NL and CZ dismissals without the last day of employment ask for it', () => {
    for (const country of ['NL', 'CZ']) {
      const steps = plan(complaint(country, ['unlawful_dismissal']));
      expect(steps.at(-1)).toMatchObject({ type: 'other', title: 'Ask the worker for the last day of employment' });
    }
  });

  it.each<[string, ReturnType<typeof shape>]>([
    [
      'FR',
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_court', rule: 'fr.l3245-1' },
      ],
    ],
    [
      'PL',
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_inspectorate', days: 14 },
        { type: 'labour_court', rule: 'pl.kp.291' },
      ],
    ],
    ['NL', [{ type: 'demand_letter', days: 14 }]],
    [
      'RS',
      [
        { type: 'demand_letter', days: 14 },
        { type: 'labour_court', rule: 'rs.zr.196' },
      ],
    ],
  ])('%s wage categories follow domain.md', (country, expected) => {
    expect(shape(plan(complaint(country, ['unpaid_overtime'], { wageDue: '2026-02-28' })))).toEqual(expected);
  });

  it('a country without playbooks gets the generic demand letter only', () => {
    expect(shape(plan(complaint('AT', ['unlawful_dismissal'])))).toEqual([{ type: 'demand_letter', days: 14 }]);
  });

  it('RS wages: the Serbian demand letter takes the generic one’s place', () => {
    const steps = plan(complaint('RS', ['unpaid_wages'], { wageDue: '2026-02-28' }));
    expect(steps[0]).toMatchObject({ type: 'demand_letter', playbook: 'rs.wages#1' });
    expect(steps.filter((s) => s.type === 'demand_letter')).toHaveLength(1);
  });

  it('RS dismissal without the notice date asks for it', () => {
    const steps = plan(complaint('RS', ['unlawful_dismissal']));
    expect(steps.at(-1)).toMatchObject({ type: 'other' });
    expect(steps.at(-1)!.title).toContain('dismissal notice');
  });

  it('does not apply another country’s playbook', () => {
    const steps = plan(complaint('FR', ['unlawful_dismissal'], { dismissalNoticeReceived: '2026-03-13' }));
    expect(steps.some((s) => s.deadlineRuleId?.startsWith('de.'))).toBe(false);
  });
});
