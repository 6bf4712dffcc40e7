import { describe, expect, it } from 'vitest';
import { DeadlineCalculator } from './deadline-calculator.js';
import { NoRuleVersionError, UnknownDeadlineRuleError } from './deadline-errors.js';
import {
  DEADLINE_COUNTRIES,
  DEADLINE_RULES,
  DEADLINE_TRIGGERS,
  DeadlineRuleBook,
  findRule,
  listRules,
  ruleVersionKey,
  type DeadlineRule,
} from './deadline-rules.js';
import { parsePeriod } from './iso-duration.js';
import { parsePlainDate } from './plain-date.js';

describe('the deadline rule table', () => {
  it('holds the 18 rules of domain.md with their periods', () => {
    expect(Object.fromEntries(DEADLINE_RULES.map((r) => [r.id, r.period]))).toEqual({
      'de.kschg.4': 'P3W',
      'de.tzbfg.17': 'P3W',
      'de.agg.15': 'P2M',
      'de.arbgg.61b': 'P3M',
      'de.ausschlussfrist': 'P3M',
      'de.bgb.195': 'P3Y',
      'fr.l1471-1.rupture': 'P12M',
      'fr.l1471-1.execution': 'P2Y',
      'fr.l3245-1': 'P3Y',
      'pl.kp.264': 'P21D',
      'pl.kp.291': 'P3Y',
      'nl.bw.7-686a': 'P2M',
      'nl.bw.7-686a.transitie': 'P3M',
      'nl.bw.3-308': 'P5Y',
      'cz.zp.72': 'P2M',
      'lt.dk.220': 'P1M',
      'rs.zr.195': 'P60D',
      'rs.zr.196': 'P3Y',
    });
  });

  it('has a well-formed row for every rule', () => {
    for (const r of DEADLINE_RULES) {
      expect(r.id.startsWith(`${r.country.toLowerCase()}.`), r.id).toBe(true);
      expect(DEADLINE_COUNTRIES).toContain(r.country);
      expect(DEADLINE_TRIGGERS).toContain(r.trigger);
      expect(() => parsePeriod(r.period)).not.toThrow();
      expect(parsePlainDate(r.validFrom)).toBe(r.validFrom);
      expect(r.source.length).toBeGreaterThan(0);
      expect(r.rollOver).toBe('next_working_day');
      expect(r.calendar).toBe('country+region');
      expect(Object.isFrozen(r)).toBe(true);
    }
  });

  it('counts only the German limitation from the end of the year', () => {
    expect(DEADLINE_RULES.filter((r) => r.counting === 'from_year_end').map((r) => r.id)).toEqual(['de.bgb.195']);
  });

  it('lets only the contractual cut-off be overridden', () => {
    expect(DEADLINE_RULES.filter((r) => r.periodOverridable).map((r) => r.id)).toEqual(['de.ausschlussfrist']);
  });

  it('lists the rules of one country in table order', () => {
    expect(listRules('PL').map((r) => r.id)).toEqual(['pl.kp.264', 'pl.kp.291']);
    expect(listRules('NL').map((r) => r.id)).toEqual(['nl.bw.7-686a', 'nl.bw.7-686a.transitie', 'nl.bw.3-308']);
    expect(listRules('RS').map((r) => r.id)).toEqual(['rs.zr.195', 'rs.zr.196']);
    expect(listRules('AT')).toEqual([]);
    expect(listRules()).toHaveLength(18);
  });

  it('supports Serbia, with the trigger of the matching key date', () => {
    expect(DEADLINE_COUNTRIES).toContain('RS');
    expect(findRule('rs.zr.195')).toMatchObject({
      trigger: 'dismissal_notice_received',
      period: 'P60D',
      source: 'Zakon o radu čl. 195 st. 2',
    });
    expect(findRule('rs.zr.196')).toMatchObject({ trigger: 'wage_due', period: 'P3Y', source: 'Zakon o radu čl. 196' });
  });

  it('names a rule version as id@version', () => {
    expect(ruleVersionKey(findRule('de.kschg.4'))).toBe('de.kschg.4@1');
  });

  it('refuses an unknown rule id', () => {
    expect(() => findRule('xx.unknown')).toThrow(UnknownDeadlineRuleError);
  });
});

describe('rule versions', () => {
  const v1 = findRule('pl.kp.264');
  const v2: DeadlineRule = { ...v1, version: 2, period: 'P30D', validFrom: parsePlainDate('2027-01-01') };
  const book = new DeadlineRuleBook([v2, v1]);

  it('finds the version in force on a date (latest validFrom on or before it)', () => {
    expect(book.find('pl.kp.264', '2026-12-31').version).toBe(1);
    expect(book.find('pl.kp.264', '2027-01-01').version).toBe(2);
    expect(book.find('pl.kp.264').version).toBe(2);
  });

  it('has no version before the first one came into force', () => {
    expect(() => book.find('pl.kp.264', '2017-05-31')).toThrow(NoRuleVersionError);
  });

  it('finds an exact stored version', () => {
    expect(book.findVersion('pl.kp.264', 1).period).toBe('P21D');
    expect(() => book.findVersion('pl.kp.264', 3)).toThrow(UnknownDeadlineRuleError);
  });

  it('computes with the version in force on the event date unless asOf names another date', () => {
    const calculator = new DeadlineCalculator(book);
    expect(calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2026-12-01' })).toMatchObject({
      ruleVersionKey: 'pl.kp.264@1',
      dueDate: '2026-12-22',
    });
    expect(calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2027-01-04' })).toMatchObject({
      ruleVersionKey: 'pl.kp.264@2',
      dueDate: '2027-02-03',
    });
    expect(calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2026-12-01', asOf: '2027-01-01' })).toMatchObject({
      ruleVersionKey: 'pl.kp.264@2',
      dueDate: '2026-12-31',
    });
  });

  it('refuses a table with the same version twice', () => {
    expect(() => new DeadlineRuleBook([v1, v1])).toThrow(/Duplicate rule version pl.kp.264@1/);
  });

  it('refuses a table with a malformed period', () => {
    expect(() => new DeadlineRuleBook([{ ...v1, period: 'P1Y2M' }])).toThrow();
  });
});
