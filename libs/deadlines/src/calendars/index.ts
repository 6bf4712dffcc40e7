import type { DeadlineCalendarDefinition } from '../deadline-calendars.js';
import { DATE_HOLIDAYS_CALENDAR } from './date-holidays-data.js';
import { FR_ALSACE_MOSELLE } from './fr-alsace-moselle.js';
import { NL_ALGEMENE_TERMIJNENWET } from './nl-algemene-termijnenwet.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Every version of every holiday calendar the rules count with (see `DeadlineCalendarBook` for
 * which place uses which). A new version is a new entry; old entries stay, for deadlines stored
 * with them.
 */
export const DEADLINE_CALENDARS: readonly DeadlineCalendarDefinition[] = deepFreeze([
  DATE_HOLIDAYS_CALENDAR,
  NL_ALGEMENE_TERMIJNENWET,
  FR_ALSACE_MOSELLE,
]);

export { DATE_HOLIDAYS_CALENDAR, FR_ALSACE_MOSELLE, NL_ALGEMENE_TERMIJNENWET };
