import type { DeadlineCalendarDefinition } from '../deadline-calendars.js';

/**
 * NL: the "algemeen erkende feestdagen" of the Algemene termijnenwet (Wet van 25 juli 1964,
 * Stb. 1964, 314; in force 1 April 1965), art. 3 lid 1: New Year's Day, Easter Monday and Whit
 * Monday ("Christelijke tweede Paas- en Pinksterdag"), both Christmas days, Ascension Day, the day
 * on which the King's birthday is celebrated, and 5 May. A statutory period ending on one of them,
 * or on a Saturday or Sunday, runs to the next day that is none of these (art. 1 lid 1).
 *
 * Why a list of its own rather than date-holidays: date-holidays marks 5 May as a school holiday
 * (or a public holiday only in lustrum years), so a period ending on 5 May would not move; and it
 * lists Good Friday, which domain.md (issue 18) says must not count.
 *
 * Deliberately NOT in this version, because domain.md lists art. 3 lid 1 only: art. 3 lid 2 as
 * published equates Good Friday with these days, and art. 3 lid 3 lets the Crown equate further
 * days (bridge days such as the Friday after Ascension Day, published as a "Besluit
 * gelijkstelling" for three years at a time). Leaving them out can only make a computed date
 * earlier than the statute's, never later. Adding them is a new version of this calendar.
 *
 * Years: King's Day since 2014 (27 April, Saturday 26 April when the 27th is a Sunday); Queen's
 * Day 1980–2013 (30 April, Saturday 29 April when the 30th is a Sunday). Years before 1980, and the
 * year 5 May entered art. 3 (an amendment of the 1980s), are not modelled: no NL rule of the table
 * can end before 1997 (nl.bw.3-308 is valid from 1992, five years).
 */
export const NL_ALGEMENE_TERMIJNENWET: DeadlineCalendarDefinition = {
  id: 'nl.atw.3',
  version: 1,
  name: 'Algemene termijnenwet art. 3',
  source: 'Algemene termijnenwet art. 3 lid 1 (Stb. 1964, 314)',
  appliesTo: { country: 'NL' },
  base: 'none',
  holidays: [
    { name: "New Year's Day", date: { kind: 'fixed', month: 1, day: 1 } },
    { name: 'Easter Monday', date: { kind: 'easter', offset: 1 } },
    {
      name: "Queen's Day",
      date: { kind: 'fixed', month: 4, day: 30, ifSunday: 'previous_saturday' },
      fromYear: 1980,
      untilYear: 2013,
    },
    { name: "King's Day", date: { kind: 'fixed', month: 4, day: 27, ifSunday: 'previous_saturday' }, fromYear: 2014 },
    { name: '5 May', date: { kind: 'fixed', month: 5, day: 5 } },
    { name: 'Ascension Day', date: { kind: 'easter', offset: 39 } },
    { name: 'Whit Monday', date: { kind: 'easter', offset: 50 } },
    { name: 'Christmas Day', date: { kind: 'fixed', month: 12, day: 25 } },
    { name: 'Boxing Day', date: { kind: 'fixed', month: 12, day: 26 } },
  ],
  note: 'Art. 3 lid 2 (Good Friday) and days equated under art. 3 lid 3 are not counted (domain.md); dates may come out earlier than the statute allows, never later.',
};
