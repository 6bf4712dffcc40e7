import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { DEADLINE_DISCLAIMER, DeadlineCalculator } from './deadline-calculator.js';
import {
  InvalidDateError,
  InvalidPeriodError,
  InvalidRegionError,
  NoRuleVersionError,
  PeriodOverrideNotAllowedError,
  UnknownDeadlineRuleError,
} from './deadline-errors.js';
import { DEADLINE_RULES } from './deadline-rules.js';
import { addDays, dayOfWeek, parsePlainDate } from './plain-date.js';

const calculator = new DeadlineCalculator();

function due(ruleId: string, eventDate: string, region?: string) {
  const { dueDate, rolledFrom, calendar } = calculator.compute({ ruleId, eventDate, region });
  return { dueDate, rolledFrom, calendar };
}

/** The public holidays date-holidays lists for a calendar and year, as `YYYY-MM-DD → name`. */
function publicHolidays(country: string, state: string | undefined, year: number): Map<string, string> {
  const holidays = state ? new Holidays(country, state) : new Holidays(country);
  return new Map(
    holidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => [h.date.slice(0, 10), h.name]),
  );
}

describe('DeadlineCalculator: worked examples of domain.md', () => {
  it('de.kschg.4: notice Fri 2026-03-13 in DE-NW ends on Good Friday and rolls past Easter to Tue 2026-04-07', () => {
    expect(calculator.compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', region: 'DE-NW' })).toEqual({
      ruleId: 'de.kschg.4',
      ruleVersion: 1,
      ruleVersionKey: 'de.kschg.4@1',
      eventDate: '2026-03-13',
      period: 'P3W',
      dueDate: '2026-04-07',
      rolledFrom: '2026-04-03',
      rolledOver: [
        { date: '2026-04-03', reason: 'Good Friday, public holidays of DE-NW (date-holidays)' },
        { date: '2026-04-04', reason: 'Saturday' },
        { date: '2026-04-05', reason: 'Sunday' },
        { date: '2026-04-06', reason: 'Easter Monday, public holidays of DE-NW (date-holidays)' },
      ],
      calendar: 'DE-NW',
      calendarId: 'date-holidays',
      calendarVersion: 1,
      calendarVersionKey: 'date-holidays@1',
      calendarSource: 'date-holidays 3.37.0: public holidays of the country and region of the place of work',
      source: '§4 KSchG; §§187, 188, 193 BGB',
      disclaimer: DEADLINE_DISCLAIMER,
    });
  });

  it('pl.kp.264: notice Sun 2026-04-12 ends Sun 2026-05-03 (Constitution Day) and rolls to Mon 2026-05-04', () => {
    expect(publicHolidays('PL', undefined, 2026).has('2026-05-03')).toBe(true);
    expect(due('pl.kp.264', '2026-04-12')).toEqual({ dueDate: '2026-05-04', rolledFrom: '2026-05-03', calendar: 'PL' });
  });

  it('de.bgb.195: wage due 2026-05-31 is time-barred at the end of 2029-12-31', () => {
    expect(due('de.bgb.195', '2026-05-31')).toEqual({ dueDate: '2029-12-31', rolledFrom: null, calendar: 'DE' });
  });

  it('says that the date is a planning aid to be confirmed by a lawyer or counselling centre', () => {
    expect(DEADLINE_DISCLAIMER).toMatch(/planning aid/);
    expect(DEADLINE_DISCLAIMER).toMatch(/lawyer or counselling centre must confirm/);
  });
});

describe('DeadlineCalculator: one case per rule', () => {
  it.each([
    // rule, event, region, due, rolled from
    ['de.kschg.4', '2026-06-09', 'DE-NW', '2026-06-30', null],
    ['de.tzbfg.17', '2026-06-30', 'DE-BY', '2026-07-21', null],
    ['de.agg.15', '2025-12-31', 'DE-NW', '2026-03-02', '2026-02-28'], // clamped to Feb 28, a Saturday
    ['de.arbgg.61b', '2026-03-10', 'DE-HH', '2026-06-10', null],
    ['de.ausschlussfrist', '2026-05-31', 'DE-NW', '2026-08-31', null],
    ['de.bgb.195', '2027-01-01', 'DE-NW', '2030-12-31', null],
    ['fr.l1471-1.rupture', '2026-03-16', undefined, '2027-03-16', null],
    ['fr.l1471-1.execution', '2026-03-15', undefined, '2028-03-15', null],
    ['fr.l3245-1', '2026-05-31', undefined, '2029-05-31', null],
    ['pl.kp.264', '2026-06-01', undefined, '2026-06-22', null],
    ['pl.kp.291', '2026-01-10', undefined, '2029-01-10', null],
    ['nl.bw.7-686a', '2026-03-31', undefined, '2026-06-01', '2026-05-31'], // May 31 is a Sunday
    ['nl.bw.7-686a.transitie', '2026-01-15', undefined, '2026-04-15', null],
    ['nl.bw.3-308', '2026-05-31', undefined, '2031-06-03', '2031-05-31'], // Sat, Whit Sunday, Whit Monday
    ['cz.zp.72', '2026-03-10', undefined, '2026-05-11', '2026-05-10'], // May 10 is a Sunday
    ['lt.dk.220', '2026-03-20', undefined, '2026-04-20', null],
    ['rs.zr.195', '2026-03-16', undefined, '2026-05-15', null],
    ['rs.zr.196', '2026-01-15', undefined, '2029-01-15', null],
  ])('%s: event %s (%s) → due %s', (ruleId, eventDate, region, dueDate, rolledFrom) => {
    const result = calculator.compute({ ruleId, eventDate, region });
    expect(result.dueDate).toBe(dueDate);
    expect(result.rolledFrom).toBe(rolledFrom);
    expect(result.ruleId).toBe(ruleId);
    expect(dayOfWeek(result.dueDate)).toBeLessThan(6);
  });

  it('covers every rule of the table', () => {
    expect(new Set(DEADLINE_RULES.map((r) => r.id)).size).toBe(18);
  });
});

describe('DeadlineCalculator: public holidays of each country', () => {
  it('DE: three weeks ending on Christmas Day 2026 roll past the weekend to Mon 2026-12-28', () => {
    expect(publicHolidays('DE', 'NW', 2026).get('2026-12-25')).toBe('1. Weihnachtstag');
    expect(due('de.kschg.4', '2026-12-04', 'DE-NW')).toMatchObject({ dueDate: '2026-12-28', rolledFrom: '2026-12-25' });
  });

  it('FR: twelve months ending on Bastille Day 2026 (a Tuesday) roll to Wed 2026-07-15', () => {
    expect(publicHolidays('FR', undefined, 2026).has('2026-07-14')).toBe(true);
    expect(due('fr.l1471-1.rupture', '2025-07-14')).toEqual({
      dueDate: '2026-07-15',
      rolledFrom: '2026-07-14',
      calendar: 'FR',
    });
  });

  it('PL: 21 days ending on Independence Day (Wed 2026-11-11) roll to Thu 2026-11-12', () => {
    expect(publicHolidays('PL', undefined, 2026).has('2026-11-11')).toBe(true);
    expect(due('pl.kp.264', '2026-10-21')).toMatchObject({ dueDate: '2026-11-12', rolledFrom: '2026-11-11' });
  });

  it('PL: 21 days ending on Christmas Eve 2026 (a public holiday since 2025) roll to Mon 2026-12-28', () => {
    const holidays = publicHolidays('PL', undefined, 2026);
    expect(['2026-12-24', '2026-12-25', '2026-12-26'].every((day) => holidays.has(day))).toBe(true);
    expect(due('pl.kp.264', '2026-12-03')).toMatchObject({ dueDate: '2026-12-28', rolledFrom: '2026-12-24' });
  });

  it("NL: two months ending on King's Day (Mon 2026-04-27) roll to Tue 2026-04-28", () => {
    expect(publicHolidays('NL', undefined, 2026).has('2026-04-27')).toBe(true);
    expect(due('nl.bw.7-686a', '2026-02-27')).toMatchObject({ dueDate: '2026-04-28', rolledFrom: '2026-04-27' });
  });

  it('CZ: two months ending on St Wenceslas Day (Mon 2026-09-28) roll to Tue 2026-09-29', () => {
    expect(publicHolidays('CZ', undefined, 2026).has('2026-09-28')).toBe(true);
    expect(due('cz.zp.72', '2026-07-28')).toMatchObject({ dueDate: '2026-09-29', rolledFrom: '2026-09-28' });
  });

  it('LT: one month ending on the Restoration of the State Day (Mon 2026-02-16) rolls to Tue 2026-02-17', () => {
    expect(publicHolidays('LT', undefined, 2026).has('2026-02-16')).toBe(true);
    expect(due('lt.dk.220', '2026-01-16')).toMatchObject({ dueDate: '2026-02-17', rolledFrom: '2026-02-16' });
  });

  it('LT: one month ending on All Souls Day (Mon 2026-11-02) rolls to Tue 2026-11-03', () => {
    expect(publicHolidays('LT', undefined, 2026).has('2026-11-02')).toBe(true);
    expect(due('lt.dk.220', '2026-10-02')).toMatchObject({ dueDate: '2026-11-03', rolledFrom: '2026-11-02' });
  });

  it('counts only public holidays: Christmas Eve afternoon (a bank holiday in DE) does not move a deadline', () => {
    const listed = new Holidays('DE', 'NW').getHolidays(2026).find((h) => h.date.startsWith('2026-12-24'));
    expect(listed?.type).toBe('bank');
    expect(due('de.kschg.4', '2026-12-03', 'DE-NW')).toMatchObject({ dueDate: '2026-12-24', rolledFrom: null });
  });

  it('NL: Good Friday (listed, but not a public holiday) does not move a deadline', () => {
    expect(publicHolidays('NL', undefined, 2026).has('2026-04-03')).toBe(false);
    expect(due('nl.bw.7-686a', '2026-02-03')).toMatchObject({ dueDate: '2026-04-03', rolledFrom: null });
  });
});

describe('DeadlineCalculator: year boundaries', () => {
  it('rolls from New Year’s Day 2027 (a Friday) past the weekend into Mon 2027-01-04', () => {
    expect(due('de.kschg.4', '2026-12-11', 'DE-NW')).toMatchObject({ dueDate: '2027-01-04', rolledFrom: '2027-01-01' });
  });

  it('rolls a limitation ending Sat 2033-12-31 past New Year’s Day (a Sunday) into Mon 2034-01-02', () => {
    expect(due('de.bgb.195', '2030-06-15', 'DE-NW')).toEqual({
      dueDate: '2034-01-02',
      rolledFrom: '2033-12-31',
      calendar: 'DE-NW',
    });
  });

  it('counts limitation from the end of the year the claim arose in, whether it arose early or on Dec 31', () => {
    expect(due('de.bgb.195', '2026-01-01').dueDate).toBe('2029-12-31');
    expect(due('de.bgb.195', '2026-12-31').dueDate).toBe('2029-12-31');
  });
});

describe('DeadlineCalculator: months, leap years and regions', () => {
  it('clamps a month period to the last day of a shorter month (Jan 31 + P1M)', () => {
    expect(due('lt.dk.220', '2026-01-31')).toMatchObject({ dueDate: '2026-03-02', rolledFrom: '2026-02-28' });
    expect(due('lt.dk.220', '2028-01-31')).toMatchObject({ dueDate: '2028-02-29', rolledFrom: null });
  });

  it('ends a year period from Feb 29 on Feb 28 of a common year', () => {
    expect(due('fr.l3245-1', '2028-02-29')).toMatchObject({ dueDate: '2031-02-28', rolledFrom: null });
    expect(due('pl.kp.291', '2028-02-29')).toMatchObject({ dueDate: '2031-02-28', rolledFrom: null });
  });

  it('Corpus Christi (Thu 2026-06-04) moves the deadline in DE-NW and DE-BY but not in DE-BE, DE-HH or nationally', () => {
    expect(publicHolidays('DE', 'NW', 2026).has('2026-06-04')).toBe(true);
    expect(publicHolidays('DE', 'BE', 2026).has('2026-06-04')).toBe(false);
    const rolled = { dueDate: '2026-06-05', rolledFrom: '2026-06-04' };
    const notRolled = { dueDate: '2026-06-04', rolledFrom: null };
    expect(due('de.kschg.4', '2026-05-14', 'DE-NW')).toEqual({ ...rolled, calendar: 'DE-NW' });
    expect(due('de.kschg.4', '2026-05-14', 'DE-BY')).toEqual({ ...rolled, calendar: 'DE-BY' });
    expect(due('de.kschg.4', '2026-05-14', 'DE-BE')).toEqual({ ...notRolled, calendar: 'DE-BE' });
    expect(due('de.kschg.4', '2026-05-14', 'DE-HH')).toEqual({ ...notRolled, calendar: 'DE-HH' });
    expect(due('de.kschg.4', '2026-05-14')).toEqual({ ...notRolled, calendar: 'DE' });
  });

  it("Women's Day (Mon 2027-03-08) moves the deadline in Berlin only", () => {
    expect(publicHolidays('DE', 'BE', 2027).has('2027-03-08')).toBe(true);
    expect(due('de.kschg.4', '2027-02-15', 'DE-BE')).toMatchObject({ dueDate: '2027-03-09', rolledFrom: '2027-03-08' });
    expect(due('de.kschg.4', '2027-02-15', 'DE-NW')).toMatchObject({ dueDate: '2027-03-08', rolledFrom: null });
  });

  it('Good Friday is a public holiday in Alsace (FR-67) but not in the rest of France', () => {
    expect(publicHolidays('FR', '67', 2026).has('2026-04-03')).toBe(true);
    expect(due('fr.l1471-1.rupture', '2025-04-03', 'FR-67')).toEqual({
      dueDate: '2026-04-07',
      rolledFrom: '2026-04-03',
      calendar: 'FR-67',
    });
    expect(due('fr.l1471-1.rupture', '2025-04-03')).toEqual({
      dueDate: '2026-04-03',
      rolledFrom: null,
      calendar: 'FR',
    });
  });

  it('uses the national calendar for a region without holiday data of its own (FR-75, PL-14) and says so', () => {
    expect(due('fr.l1471-1.rupture', '2025-07-14', 'FR-75')).toMatchObject({ dueDate: '2026-07-15', calendar: 'FR' });
    expect(due('pl.kp.264', '2026-04-12', 'PL-14')).toMatchObject({ dueDate: '2026-05-04', calendar: 'PL' });
  });

  it('does not depend on the time zone of the process', () => {
    const original = process.env.TZ;
    try {
      for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = zone;
        const fresh = new DeadlineCalculator();
        expect(fresh.compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', region: 'DE-NW' }).dueDate).toBe(
          '2026-04-07',
        );
        expect(fresh.compute({ ruleId: 'pl.kp.264', eventDate: '2026-04-12' }).dueDate).toBe('2026-05-04');
        expect(fresh.compute({ ruleId: 'lt.dk.220', eventDate: '2026-01-16' }).dueDate).toBe('2026-02-17');
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('DeadlineCalculator: period overrides', () => {
  it('lets a complaint shorten the contractual cut-off (P2M under BRTV-Bau)', () => {
    const result = calculator.compute({
      ruleId: 'de.ausschlussfrist',
      eventDate: '2026-05-31',
      region: 'DE-NW',
      periodOverride: 'P2M',
    });
    expect(result).toMatchObject({ period: 'P2M', dueDate: '2026-07-31', rolledFrom: null });
  });

  it('refuses to override a statutory period', () => {
    expect(() => calculator.compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', periodOverride: 'P4W' })).toThrow(
      PeriodOverrideNotAllowedError,
    );
  });

  it('refuses a malformed override', () => {
    expect(() =>
      calculator.compute({ ruleId: 'de.ausschlussfrist', eventDate: '2026-05-31', periodOverride: 'P1M15D' }),
    ).toThrow(InvalidPeriodError);
  });
});

describe('DeadlineCalculator: errors', () => {
  it('refuses an unknown rule', () => {
    expect(() => calculator.compute({ ruleId: 'de.nope', eventDate: '2026-03-13' })).toThrow(UnknownDeadlineRuleError);
  });

  it.each(['2026-02-30', '13/03/2026', '2026-3-13'])('refuses the event date %s', (eventDate) => {
    expect(() => calculator.compute({ ruleId: 'de.kschg.4', eventDate })).toThrow(InvalidDateError);
  });

  it.each([
    ['DE-XX', 'an unknown German state'],
    ['PL-14', 'a region of another country'],
    ['NW', 'a malformed code'],
    ['de-nw', 'a lower-case code'],
  ])('refuses the region %s (%s)', (region) => {
    expect(() => calculator.compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', region })).toThrow(
      InvalidRegionError,
    );
  });

  it('refuses an event before the first version of the rule was in force (PL: 21 days only since 2017-06-01)', () => {
    expect(() => calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2017-05-31' })).toThrow(NoRuleVersionError);
    expect(calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2017-06-01' }).ruleVersion).toBe(1);
  });
});

describe('DeadlineCalculator.computeForComplaint', () => {
  it('computes every rule of the country whose trigger date is present, soonest first', () => {
    const deadlines = calculator.computeForComplaint({
      countryOfWork: 'DE',
      region: 'DE-NW',
      keyDates: { dismissalNoticeReceived: '2026-03-13', wageDue: '2026-05-31', fixedTermEnd: null },
    });
    expect(deadlines.map((x) => [x.ruleId, x.dueDate])).toEqual([
      ['de.kschg.4', '2026-04-07'],
      ['de.ausschlussfrist', '2026-08-31'],
      ['de.bgb.195', '2029-12-31'],
    ]);
    expect(deadlines.every((x) => x.calendar === 'DE-NW' && x.disclaimer === DEADLINE_DISCLAIMER)).toBe(true);
  });

  it('applies per-rule period overrides', () => {
    const [cutOff] = calculator.computeForComplaint({
      countryOfWork: 'DE',
      keyDates: { wageDue: '2026-05-31' },
      periodOverrides: { 'de.ausschlussfrist': 'P2M' },
    });
    expect(cutOff).toMatchObject({ ruleId: 'de.ausschlussfrist', period: 'P2M', dueDate: '2026-07-31' });
  });

  it('maps the employment end to the Dutch and Czech rules', () => {
    const nl = calculator.computeForComplaint({ countryOfWork: 'NL', keyDates: { employmentEnd: '2026-02-27' } });
    expect(nl.map((x) => [x.ruleId, x.dueDate])).toEqual([
      ['nl.bw.7-686a', '2026-04-28'],
      ['nl.bw.7-686a.transitie', '2026-05-27'],
    ]);
    const cz = calculator.computeForComplaint({ countryOfWork: 'CZ', keyDates: { employmentEnd: '2026-07-28' } });
    expect(cz.map((x) => x.ruleId)).toEqual(['cz.zp.72']);
  });

  it('returns nothing without key dates or for a country without rules', () => {
    expect(calculator.computeForComplaint({ countryOfWork: 'PL', keyDates: {} })).toEqual([]);
    expect(
      calculator.computeForComplaint({ countryOfWork: 'AT', keyDates: { dismissalNoticeReceived: '2026-03-13' } }),
    ).toEqual([]);
  });

  it('propagates a bad key date instead of dropping the deadline', () => {
    expect(() =>
      calculator.computeForComplaint({ countryOfWork: 'FR', keyDates: { factsKnown: '2026-02-30' } }),
    ).toThrow(InvalidDateError);
  });

  it('returns dates that parse as plain dates', () => {
    const [first] = calculator.computeForComplaint({
      countryOfWork: 'LT',
      keyDates: { dismissalNoticeReceived: '2026-01-16' },
    });
    expect(parsePlainDate(first!.dueDate)).toBe('2026-02-17');
  });
});

describe('DeadlineCalculator: rolledOver says why the end moved', () => {
  it('NL: nl.bw.7-686a from an employment end of 2027-03-05 rolls past 5 May and Ascension Day to Fri 2027-05-07', () => {
    expect(calculator.compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-03-05' })).toMatchObject({
      dueDate: '2027-05-07',
      rolledFrom: '2027-05-05',
      rolledOver: [
        { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
        { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
      ],
      calendar: 'NL',
      calendarId: 'nl.atw.3',
      calendarVersionKey: 'nl.atw.3@1',
      calendarSource: 'Algemene termijnenwet art. 3 lid 1 (Stb. 1964, 314)',
    });
  });

  it('NL: Good Friday does not count: nl.bw.7-686a from 2027-01-26 is due on Good Friday, 2027-03-26', () => {
    expect(calculator.compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-01-26' })).toMatchObject({
      dueDate: '2027-03-26',
      rolledFrom: null,
      rolledOver: [],
    });
  });

  it('FR-57: a dismissal deadline ending on Good Friday 2027 rolls past the weekend and Easter Monday to 2027-03-30', () => {
    expect(
      calculator.compute({ ruleId: 'fr.l1471-1.rupture', eventDate: '2026-03-26', region: 'FR-57' }),
    ).toMatchObject({
      dueDate: '2027-03-30',
      rolledFrom: '2027-03-26',
      rolledOver: [
        { date: '2027-03-26', reason: 'Good Friday, Code du travail L3134-13 (Alsace-Moselle)' },
        { date: '2027-03-27', reason: 'Saturday' },
        { date: '2027-03-28', reason: 'Sunday' },
        { date: '2027-03-29', reason: 'Easter Monday, public holidays of FR (date-holidays)' },
      ],
      calendar: 'FR-57',
      calendarId: 'fr.alsace-moselle',
      calendarVersionKey: 'fr.alsace-moselle@1',
    });
  });

  it('FR without a region: the same deadline stays on Good Friday 2027-03-26', () => {
    expect(calculator.compute({ ruleId: 'fr.l1471-1.rupture', eventDate: '2026-03-26' })).toMatchObject({
      dueDate: '2027-03-26',
      rolledFrom: null,
      rolledOver: [],
      calendar: 'FR',
      calendarId: 'date-holidays',
    });
  });

  it('is empty when nothing moved, and otherwise starts at rolledFrom and ends the day before the due date', () => {
    expect(calculator.compute({ ruleId: 'de.bgb.195', eventDate: '2026-05-31' }).rolledOver).toEqual([]);
    for (const [ruleId, eventDate, region] of [
      ['de.kschg.4', '2026-03-13', 'DE-NW'],
      ['pl.kp.264', '2026-04-12', undefined],
      ['de.bgb.195', '2030-06-15', 'DE-NW'],
    ] as const) {
      const { rolledFrom, rolledOver, dueDate } = calculator.compute({ ruleId, eventDate, region });
      expect(rolledOver[0]?.date).toBe(rolledFrom);
      expect(addDays(rolledOver[rolledOver.length - 1]!.date, 1)).toBe(dueDate);
      for (let i = 1; i < rolledOver.length; i++) expect(rolledOver[i]!.date).toBe(addDays(rolledOver[i - 1]!.date, 1));
    }
  });

  it('names a Saturday or Sunday as such, also when it is a holiday (Constitution Day, Sun 2026-05-03)', () => {
    expect(calculator.compute({ ruleId: 'pl.kp.264', eventDate: '2026-04-12' }).rolledOver).toEqual([
      { date: '2026-05-03', reason: 'Sunday' },
    ]);
  });
});

describe('DeadlineCalculator: Serbia', () => {
  it('rs.zr.195: 60 days from a notice on 2027-03-03 end on Orthodox Easter Sunday 2027-05-02, due Tue 2027-05-04', () => {
    expect(publicHolidays('RS', undefined, 2027).get('2027-05-02')).toBe('Васкрс');
    expect(calculator.compute({ ruleId: 'rs.zr.195', eventDate: '2027-03-03' })).toMatchObject({
      ruleVersionKey: 'rs.zr.195@1',
      period: 'P60D',
      dueDate: '2027-05-04',
      rolledFrom: '2027-05-02',
      rolledOver: [
        { date: '2027-05-02', reason: 'Sunday' },
        { date: '2027-05-03', reason: 'Orthodox Easter Monday and Labour Day, public holidays of RS (date-holidays)' },
      ],
      calendar: 'RS',
      calendarId: 'date-holidays',
      source: 'Zakon o radu čl. 195 st. 2',
    });
  });

  it('counts the Serbian public holidays of date-holidays, substitute days included, and nothing else', () => {
    const rs2027 = publicHolidays('RS', undefined, 2027);
    // Orthodox Christmas, Statehood Day (two days), Orthodox Good Friday to Easter Monday, Labour Day, Armistice Day.
    for (const day of ['2027-01-07', '2027-02-15', '2027-02-16', '2027-04-30', '2027-05-03', '2027-11-11']) {
      expect(rs2027.has(day), day).toBe(true);
    }
    // Optional (Catholic Good Friday) and observances (Saint Sava, Vidovdan) do not count.
    for (const day of ['2027-03-26', '2027-01-27', '2027-06-28']) expect(rs2027.has(day), day).toBe(false);
    // Saint Sava Day (Wed 2027-01-27) is an observance: the end stays on it.
    expect(due('rs.zr.195', '2026-11-28')).toEqual({ dueDate: '2027-01-27', rolledFrom: null, calendar: 'RS' });
    // Orthodox Christmas (Thu 2027-01-07) is a public holiday: the end moves to Friday.
    expect(calculator.compute({ ruleId: 'rs.zr.195', eventDate: '2026-11-08' })).toMatchObject({
      dueDate: '2027-01-08',
      rolledOver: [{ date: '2027-01-07', reason: 'Orthodox Christmas, public holidays of RS (date-holidays)' }],
    });
  });

  it('rs.zr.196: three years ending on Statehood Day moved off a Sunday (Tue 2026-02-17) roll to Wed 2026-02-18', () => {
    expect(publicHolidays('RS', undefined, 2026).has('2026-02-17')).toBe(true);
    expect(calculator.compute({ ruleId: 'rs.zr.196', eventDate: '2023-02-17' })).toMatchObject({
      dueDate: '2026-02-18',
      rolledOver: [{ date: '2026-02-17', reason: 'Statehood Day, public holidays of RS (date-holidays)' }],
    });
  });

  it('maps the dismissal notice to rs.zr.195 and the wage due date to rs.zr.196', () => {
    const deadlines = calculator.computeForComplaint({
      countryOfWork: 'RS',
      keyDates: { dismissalNoticeReceived: '2027-03-03', wageDue: '2026-05-31', employmentEnd: '2027-03-31' },
    });
    expect(deadlines.map((x) => [x.ruleId, x.dueDate])).toEqual([
      ['rs.zr.195', '2027-05-04'],
      ['rs.zr.196', '2029-05-31'],
    ]);
  });

  it('refuses a notice before the 60-day period was in force', () => {
    expect(() => calculator.compute({ ruleId: 'rs.zr.195', eventDate: '2014-07-28' })).toThrow(NoRuleVersionError);
  });
});

describe('DeadlineCalculator: a roll-over for every rule, with its reasons', () => {
  const dh = (name: string, place: string) => `${name}, public holidays of ${place} (date-holidays)`;
  const atw = (name: string) => `${name}, Algemene termijnenwet art. 3`;
  const cases: [string, string, string | undefined, string, { date: string; reason: string }[]][] = [
    // rule, event, region, due, rolled over
    [
      'de.kschg.4',
      '2026-12-04',
      'DE-NW',
      '2026-12-28',
      [
        { date: '2026-12-25', reason: dh('Christmas Day', 'DE-NW') },
        { date: '2026-12-26', reason: 'Saturday' },
        { date: '2026-12-27', reason: 'Sunday' },
      ],
    ],
    [
      'de.tzbfg.17',
      '2026-05-14',
      'DE-BY',
      '2026-06-05',
      [{ date: '2026-06-04', reason: dh('Corpus Christi', 'DE-BY') }],
    ],
    [
      'de.agg.15',
      '2025-12-31',
      'DE-NW',
      '2026-03-02',
      [
        { date: '2026-02-28', reason: 'Saturday' },
        { date: '2026-03-01', reason: 'Sunday' },
      ],
    ],
    [
      'de.arbgg.61b',
      '2026-12-08',
      'DE-BE',
      '2027-03-09',
      [{ date: '2027-03-08', reason: dh("International Women's Day", 'DE-BE') }],
    ],
    [
      'de.ausschlussfrist',
      '2025-07-03',
      'DE-NW',
      '2025-10-06',
      [
        { date: '2025-10-03', reason: dh('National Holiday', 'DE-NW') }, // German Unity Day, as date-holidays names it
        { date: '2025-10-04', reason: 'Saturday' },
        { date: '2025-10-05', reason: 'Sunday' },
      ],
    ],
    [
      'de.bgb.195',
      '2030-06-15',
      'DE-NW',
      '2034-01-02',
      [
        { date: '2033-12-31', reason: 'Saturday' },
        { date: '2034-01-01', reason: 'Sunday' }, // also New Year's Day
      ],
    ],
    [
      'fr.l1471-1.rupture',
      '2027-12-26',
      'FR-68',
      '2028-12-27',
      [{ date: '2028-12-26', reason: '26 December, Code du travail L3134-13 (Alsace-Moselle)' }],
    ],
    [
      'fr.l1471-1.execution',
      '2025-11-11',
      undefined,
      '2027-11-12',
      [{ date: '2027-11-11', reason: dh('Armistice Day', 'FR') }],
    ],
    ['fr.l3245-1', '2026-08-15', undefined, '2029-08-16', [{ date: '2029-08-15', reason: dh('Assumption', 'FR') }]],
    [
      'pl.kp.264',
      '2026-12-03',
      undefined,
      '2026-12-28',
      [
        { date: '2026-12-24', reason: dh('Christmas Eve', 'PL') },
        { date: '2026-12-25', reason: dh('Christmas Day', 'PL') },
        { date: '2026-12-26', reason: 'Saturday' },
        { date: '2026-12-27', reason: 'Sunday' },
      ],
    ],
    ['pl.kp.291', '2025-01-06', undefined, '2028-01-07', [{ date: '2028-01-06', reason: dh('Epiphany', 'PL') }]],
    [
      'nl.bw.7-686a',
      '2027-03-05',
      undefined,
      '2027-05-07',
      [
        { date: '2027-05-05', reason: atw('5 May') },
        { date: '2027-05-06', reason: atw('Ascension Day') },
      ],
    ],
    // Before the statute's own list this was due on 5 May itself (date-holidays: a school holiday in 2026).
    ['nl.bw.7-686a.transitie', '2026-02-05', undefined, '2026-05-06', [{ date: '2026-05-05', reason: atw('5 May') }]],
    [
      'nl.bw.3-308',
      '2026-12-25',
      undefined,
      '2031-12-29',
      [
        { date: '2031-12-25', reason: atw('Christmas Day') },
        { date: '2031-12-26', reason: atw('Boxing Day') },
        { date: '2031-12-27', reason: 'Saturday' },
        { date: '2031-12-28', reason: 'Sunday' },
      ],
    ],
    [
      'cz.zp.72',
      '2026-07-28',
      undefined,
      '2026-09-29',
      [{ date: '2026-09-28', reason: dh('St. Wenceslas Day (Czech Statehood Day)', 'CZ') }],
    ],
    [
      'lt.dk.220',
      '2026-01-16',
      undefined,
      '2026-02-17',
      [{ date: '2026-02-16', reason: dh('Day of Restoration of the State of Lithuania', 'LT') }],
    ],
    [
      'rs.zr.195',
      '2027-03-03',
      undefined,
      '2027-05-04',
      [
        { date: '2027-05-02', reason: 'Sunday' }, // Orthodox Easter Sunday
        { date: '2027-05-03', reason: dh('Orthodox Easter Monday and Labour Day', 'RS') },
      ],
    ],
    ['rs.zr.196', '2024-11-11', undefined, '2027-11-12', [{ date: '2027-11-11', reason: dh('Armistice Day', 'RS') }]],
  ];

  it.each(cases)('%s: event %s (%s) → due %s', (ruleId, eventDate, region, dueDate, rolledOver) => {
    const result = calculator.compute({ ruleId, eventDate, region });
    expect(result.dueDate).toBe(dueDate);
    expect(result.rolledOver).toEqual(rolledOver);
    expect(result.rolledFrom).toBe(rolledOver[0]!.date);
  });

  it('has a case for every rule of the table', () => {
    expect(cases.map(([ruleId]) => ruleId).sort()).toEqual([...new Set(DEADLINE_RULES.map((r) => r.id))].sort());
  });
});
