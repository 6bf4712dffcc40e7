import type { DeadlineCalendarDefinition } from '../deadline-calendars.js';

/**
 * The default calendar: the public holidays that the date-holidays package lists for the country
 * and region of the place of work (https://github.com/commenthol/date-holidays, data under
 * CC-BY-3.0). Only `type: public` counts; bank and school holidays and observances (Christmas Eve
 * afternoon in DE, Good Friday in NL) do not extend a statutory period.
 *
 * The list is the package's data, so a new date-holidays release can change it: `dataVersion`
 * is the release this version was reviewed against, and a test fails when the installed release
 * differs, so that an upgrade becomes a new calendar version (and a recomputation of open
 * complaints) instead of silently moving deadlines.
 */
export const DATE_HOLIDAYS_CALENDAR: DeadlineCalendarDefinition = {
  id: 'date-holidays',
  version: 1,
  name: 'public holidays of the place of work (date-holidays)',
  source: 'date-holidays 3.37.0: public holidays of the country and region of the place of work',
  appliesTo: 'default',
  base: 'place',
  holidays: [],
  dataVersion: '3.37.0',
};
