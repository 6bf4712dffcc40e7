import type { DeadlineCalendarDefinition } from '../deadline-calendars.js';

/**
 * FR-57 (Moselle), FR-67 (Bas-Rhin), FR-68 (Haut-Rhin): local law, codified in Code du travail
 * art. L3134-13, makes Good Friday and 26 December holidays on top of the national ones (art.
 * L3133-1), which come from the date-holidays data of France. A period ending on them rolls to the
 * next working day (CPC art. 642: "jour férié ou chômé").
 *
 * Why a list of its own although date-holidays has both days for these départements: the days
 * count because of the statute, so a roll-over reason names the statute, and they keep counting
 * if the package's regional data changes.
 *
 * L3134-13 makes Good Friday a holiday only in communes with a Protestant church or a mixed church
 * ("temple protestant ou église mixte"). Like domain.md and date-holidays, this list counts it in
 * the whole of the three départements: in a commune without such a church the computed date can be
 * later than the law's. The place of work is known only down to the département, so the caseworker
 * must check the commune when a deadline rolled past Good Friday.
 */
export const FR_ALSACE_MOSELLE: DeadlineCalendarDefinition = {
  id: 'fr.alsace-moselle',
  version: 1,
  name: 'Code du travail L3134-13 (Alsace-Moselle)',
  source: 'Code du travail art. L3134-13 (local law of Moselle, Bas-Rhin, Haut-Rhin) on top of the national holidays',
  appliesTo: { country: 'FR', regions: ['FR-57', 'FR-67', 'FR-68'] },
  base: 'national',
  holidays: [
    { name: 'Good Friday', date: { kind: 'easter', offset: -2 } },
    { name: '26 December', date: { kind: 'fixed', month: 12, day: 26 } },
  ],
  dataVersion: '3.37.0',
  note: 'Good Friday is a holiday by law only in communes with a Protestant or mixed church; it is counted in the whole département.',
};
