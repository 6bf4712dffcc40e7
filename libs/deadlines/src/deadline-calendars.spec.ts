import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  DATE_HOLIDAYS_CALENDAR,
  DEADLINE_CALENDARS,
  FR_ALSACE_MOSELLE,
  NL_ALGEMENE_TERMIJNENWET,
} from './calendars/index.js';
import { DeadlineCalculator } from './deadline-calculator.js';
import {
  calendarVersionKey,
  DeadlineCalendarBook,
  defaultCalendarBook,
  listedHolidayIn,
  rollOverReason,
  type DeadlineCalendar,
} from './deadline-calendars.js';
import { InvalidRegionError } from './deadline-errors.js';
import { findRule } from './deadline-rules.js';
import { addDays, parsePlainDate, type PlainDate } from './plain-date.js';

const book = defaultCalendarBook;

/** Every day of `year` that `calendar` counts as a holiday. */
function holidaysOfYear(calendar: DeadlineCalendar, year: number): string[] {
  const days: string[] = [];
  for (let day: PlainDate = parsePlainDate(`${year}-01-01`); day <= `${year}-12-31`; day = addDays(day, 1)) {
    if (calendar.isPublicHoliday(day)) days.push(day);
  }
  return days;
}

/** The public holidays date-holidays lists, as sorted `YYYY-MM-DD`, optionally without some rules. */
function dateHolidays(country: string, state: string | undefined, year: number, without: string[] = []): string[] {
  const holidays = state ? new Holidays(country, state) : new Holidays(country);
  return [
    ...new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public' && !without.includes(h.rule))
        .map((h) => h.date.slice(0, 10)),
    ),
  ].sort();
}

describe('the calendar table', () => {
  it('holds the date-holidays default, the Algemene termijnenwet and Alsace-Moselle, each at version 1', () => {
    expect(DEADLINE_CALENDARS.map((c) => calendarVersionKey(c))).toEqual([
      'date-holidays@1',
      'nl.atw.3@1',
      'fr.alsace-moselle@1',
    ]);
    for (const c of DEADLINE_CALENDARS) {
      expect(c.source.length, c.id).toBeGreaterThan(0);
      expect(Object.isFrozen(c) && Object.isFrozen(c.holidays), c.id).toBe(true);
    }
  });

  it('was reviewed against the installed date-holidays release (an upgrade needs a new calendar version)', () => {
    const installed = (createRequire(import.meta.url)('date-holidays/package.json') as { version: string }).version;
    for (const c of DEADLINE_CALENDARS.filter((c) => c.base !== 'none')) expect(c.dataVersion, c.id).toBe(installed);
  });

  it.each([
    ['NL', undefined, 'nl.atw.3', 'NL'],
    ['NL', 'NL-NH', 'nl.atw.3', 'NL-NH'],
    ['FR', 'FR-57', 'fr.alsace-moselle', 'FR-57'],
    ['FR', 'FR-67', 'fr.alsace-moselle', 'FR-67'],
    ['FR', 'FR-68', 'fr.alsace-moselle', 'FR-68'],
    ['FR', undefined, 'date-holidays', 'FR'],
    ['FR', 'FR-75', 'date-holidays', 'FR'],
    ['DE', 'DE-NW', 'date-holidays', 'DE-NW'],
    ['RS', undefined, 'date-holidays', 'RS'],
  ])('%s %s counts with %s (place %s)', (country, region, calendarId, placeId) => {
    const calendar = book.calendarFor(country, region);
    expect(calendar.definition.id).toBe(calendarId);
    expect(calendar.id).toBe(placeId);
    expect(calendar.versionKey).toBe(`${calendarId}@1`);
  });

  it('checks the region as the holiday data does, whatever list the place uses', () => {
    expect(() => book.calendarFor('NL', 'DE-NW')).toThrow(InvalidRegionError);
    expect(() => book.calendarFor('FR', 'fr-57')).toThrow(InvalidRegionError);
    expect(() => book.calendarFor('DE', 'DE-XX')).toThrow(InvalidRegionError);
  });

  it('tells the rule listing which calendar a country’s rules use, and where', () => {
    expect(book.forCountry('NL')).toEqual([
      {
        calendarId: 'nl.atw.3',
        version: 1,
        versionKey: 'nl.atw.3@1',
        name: 'Algemene termijnenwet art. 3',
        source: NL_ALGEMENE_TERMIJNENWET.source,
        regions: null,
        note: NL_ALGEMENE_TERMIJNENWET.note,
      },
    ]);
    expect(book.forRule(findRule('nl.bw.3-308'))).toEqual(book.forCountry('NL'));
    expect(book.forRule(findRule('rs.zr.195'))).toEqual(book.forCountry('RS'));
    expect(book.forCountry('FR').map((c) => [c.versionKey, c.regions])).toEqual([
      ['date-holidays@1', null],
      ['fr.alsace-moselle@1', ['FR-57', 'FR-67', 'FR-68']],
    ]);
    expect(book.forCountry('FR')[1]!.source).toBe(FR_ALSACE_MOSELLE.source);
    for (const country of ['DE', 'PL', 'CZ', 'LT', 'RS']) {
      expect(book.forCountry(country), country).toEqual([
        expect.objectContaining({
          versionKey: 'date-holidays@1',
          source: DATE_HOLIDAYS_CALENDAR.source,
          regions: null,
        }),
      ]);
    }
  });
});

describe('NL: the Algemene termijnenwet list', () => {
  const nl = book.calendarFor('NL');

  it('counts 5 May every year, not only in lustrum years', () => {
    for (const year of [2026, 2027, 2028, 2029, 2030])
      expect(nl.isPublicHoliday(parsePlainDate(`${year}-05-05`))).toBe(true);
    expect(dateHolidays('NL', undefined, 2027)).not.toContain('2027-05-05');
  });

  it('does not count Good Friday', () => {
    expect(nl.isPublicHoliday(parsePlainDate('2027-03-26'))).toBe(false);
    expect(nl.isPublicHoliday(parsePlainDate('2026-04-03'))).toBe(false);
  });

  it('moves King’s Day to Saturday when 27 April is a Sunday, and Queen’s Day before 2014 likewise', () => {
    expect(nl.holidaysOn(parsePlainDate('2025-04-26'))).toEqual([
      { name: "King's Day", list: 'Algemene termijnenwet art. 3' },
    ]);
    expect(nl.isPublicHoliday(parsePlainDate('2025-04-27'))).toBe(false);
    expect(nl.isPublicHoliday(parsePlainDate('2006-04-29'))).toBe(true);
    expect(nl.isPublicHoliday(parsePlainDate('2013-04-30'))).toBe(true);
    expect(nl.isPublicHoliday(parsePlainDate('2014-04-30'))).toBe(false);
  });

  it('is, for 1997–2060, the date-holidays public holidays without the two Sundays, plus 5 May', () => {
    for (let year = 1997; year <= 2060; year++) {
      const expected = [...dateHolidays('NL', undefined, year, ['easter', 'easter 49']), `${year}-05-05`].sort();
      expect(holidaysOfYear(nl, year), String(year)).toEqual([...new Set(expected)]);
    }
  });
});

describe('FR-57, FR-67, FR-68: Alsace-Moselle local law', () => {
  it('names Good Friday and 26 December after the statute and the other days after the national data', () => {
    const moselle = book.calendarFor('FR', 'FR-57');
    expect(moselle.holidaysOn(parsePlainDate('2027-03-26'))).toEqual([
      { name: 'Good Friday', list: 'Code du travail L3134-13 (Alsace-Moselle)' },
    ]);
    expect(moselle.holidaysOn(parsePlainDate('2027-12-26'))).toEqual([
      { name: '26 December', list: 'Code du travail L3134-13 (Alsace-Moselle)' },
    ]);
    expect(moselle.holidaysOn(parsePlainDate('2027-03-29'))).toEqual([
      { name: 'Easter Monday', list: 'public holidays of FR (date-holidays)' },
    ]);
  });

  it('gives, for 2000–2050, the same days as the date-holidays data of the three départements', () => {
    for (const state of ['57', '67', '68']) {
      const calendar = book.calendarFor('FR', `FR-${state}`);
      for (let year = 2000; year <= 2050; year++) {
        expect(holidaysOfYear(calendar, year), `FR-${state} ${year}`).toEqual(dateHolidays('FR', state, year));
      }
    }
  });

  it('leaves the rest of France on the national data: no Good Friday, no 26 December', () => {
    for (const region of [undefined, 'FR-75']) {
      const calendar = book.calendarFor('FR', region);
      expect(calendar.isPublicHoliday(parsePlainDate('2027-03-26'))).toBe(false);
      expect(calendar.isPublicHoliday(parsePlainDate('2027-12-27'))).toBe(false);
    }
  });
});

describe('calendar versions', () => {
  const v2 = {
    ...NL_ALGEMENE_TERMIJNENWET,
    version: 2,
    holidays: [
      ...NL_ALGEMENE_TERMIJNENWET.holidays,
      { name: 'Good Friday', date: { kind: 'easter', offset: -2 } } as const,
    ],
  };
  const versioned = new DeadlineCalendarBook([...DEADLINE_CALENDARS, v2]);

  it('computes with the newest version and keeps the older one findable', () => {
    expect(versioned.calendarFor('NL').versionKey).toBe('nl.atw.3@2');
    expect(versioned.findVersion('nl.atw.3', 1)).toBe(NL_ALGEMENE_TERMIJNENWET);
    expect(versioned.find('nl.atw.3')).toBe(v2);
    expect(() => versioned.findVersion('nl.atw.3', 3)).toThrow(/nl.atw.3@3/);
  });

  it('reports the version a deadline was computed with', () => {
    const calculator = new DeadlineCalculator(undefined, undefined, versioned);
    expect(calculator.compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-01-26' })).toMatchObject({
      dueDate: '2027-03-30',
      calendarId: 'nl.atw.3',
      calendarVersion: 2,
      calendarVersionKey: 'nl.atw.3@2',
    });
    expect(new DeadlineCalculator().compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-01-26' })).toMatchObject({
      dueDate: '2027-03-26',
      calendarVersionKey: 'nl.atw.3@1',
    });
  });

  it('refuses a table with the same version twice, without one default, or with two calendars for a place', () => {
    expect(() => new DeadlineCalendarBook([...DEADLINE_CALENDARS, NL_ALGEMENE_TERMIJNENWET])).toThrow(
      /Duplicate calendar version nl.atw.3@1/,
    );
    expect(() => new DeadlineCalendarBook([NL_ALGEMENE_TERMIJNENWET])).toThrow(/exactly one default/);
    expect(() => new DeadlineCalendarBook([...DEADLINE_CALENDARS, { ...FR_ALSACE_MOSELLE, id: 'fr.other' }])).toThrow(
      /both claim FR-57/,
    );
    expect(
      () =>
        new DeadlineCalendarBook([
          DATE_HOLIDAYS_CALENDAR,
          { ...FR_ALSACE_MOSELLE, appliesTo: { country: 'FR', regions: ['DE-NW'] } },
        ]),
    ).toThrow(/not a region of FR/);
  });
});

describe('listedHolidayIn', () => {
  it('respects the years a day was on the list', () => {
    const queensDay = NL_ALGEMENE_TERMIJNENWET.holidays.find((h) => h.name === "Queen's Day")!;
    expect(listedHolidayIn(queensDay, 2013)).toBe('2013-04-30');
    expect(listedHolidayIn(queensDay, 2014)).toBeNull();
    expect(listedHolidayIn(queensDay, 1979)).toBeNull();
  });

  it('moves a fixed day off a Sunday only when the list says so', () => {
    expect(
      listedHolidayIn({ name: 'x', date: { kind: 'fixed', month: 4, day: 27, ifSunday: 'next_monday' } }, 2025),
    ).toBe('2025-04-28');
    expect(listedHolidayIn({ name: 'x', date: { kind: 'fixed', month: 4, day: 27 } }, 2025)).toBe('2025-04-27');
  });
});

describe('rollOverReason', () => {
  it('names weekends, then holidays with their list, and says nothing for a working day', () => {
    const nw = book.calendarFor('DE', 'DE-NW');
    expect(rollOverReason(nw, parsePlainDate('2026-04-04'))).toBe('Saturday');
    expect(rollOverReason(nw, parsePlainDate('2026-04-05'))).toBe('Sunday');
    expect(rollOverReason(nw, parsePlainDate('2026-06-04'))).toBe(
      'Corpus Christi, public holidays of DE-NW (date-holidays)',
    );
    expect(rollOverReason(nw, parsePlainDate('2026-06-05'))).toBeNull();
  });

  it('joins two holidays on one day (RS 2027-05-03: Orthodox Easter Monday, and Labour Day moved off Sunday)', () => {
    expect(rollOverReason(book.calendarFor('RS'), parsePlainDate('2027-05-03'))).toBe(
      'Orthodox Easter Monday and Labour Day, public holidays of RS (date-holidays)',
    );
  });

  it('separates holidays of different lists', () => {
    const overlapping = new DeadlineCalendarBook([
      DATE_HOLIDAYS_CALENDAR,
      { ...FR_ALSACE_MOSELLE, holidays: [{ name: 'Armistice (local)', date: { kind: 'fixed', month: 11, day: 11 } }] },
    ]);
    expect(rollOverReason(overlapping.calendarFor('FR', 'FR-57'), parsePlainDate('2026-11-11'))).toBe(
      'Armistice Day, public holidays of FR (date-holidays); Armistice (local), Code du travail L3134-13 (Alsace-Moselle)',
    );
  });
});
