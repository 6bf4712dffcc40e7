import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { westernEasterSunday } from './easter.js';

describe('westernEasterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // the latest possible date
    [2285, '2285-03-22'], // the earliest possible date
  ])('%i: %s', (year, easter) => {
    expect(westernEasterSunday(year)).toBe(easter);
  });

  it('agrees with the date-holidays data for 1950–2100', () => {
    const de = new Holidays('DE');
    for (let year = 1950; year <= 2100; year++) {
      const easter = de.getHolidays(year).find((h) => h.rule === 'easter');
      expect(westernEasterSunday(year), String(year)).toBe(easter?.date.slice(0, 10));
    }
  });
});
