import { NoRuleVersionError, UnknownDeadlineRuleError } from './deadline-errors.js';
import { parsePeriod } from './iso-duration.js';
import { parsePlainDate, type PlainDate } from './plain-date.js';

/** The countries whose statutory deadlines the engine knows (ISO 3166-1 alpha-2). */
export const DEADLINE_COUNTRIES = ['DE', 'FR', 'PL', 'NL', 'CZ', 'LT', 'RS'] as const;
export type DeadlineCountry = (typeof DEADLINE_COUNTRIES)[number];

/** The event that starts a period; each maps to one key date of a complaint. */
export const DEADLINE_TRIGGERS = [
  'dismissal_notice_received',
  'fixed_term_end',
  'discrimination_known',
  'agg_claim_asserted',
  'wage_due',
  'facts_known',
  'employment_end',
] as const;
export type DeadlineTrigger = (typeof DEADLINE_TRIGGERS)[number];

/**
 * How the period is counted: `calendar` from the day after the event; `from_year_end` from the
 * end of the year in which the claim arose (German limitation, §199(1) BGB).
 */
export type DeadlineCounting = 'calendar' | 'from_year_end';

/** A period ending on a Saturday, Sunday or public holiday ends on the next working day instead. */
export type DeadlineRollOver = 'next_working_day';

/**
 * The holidays of the place of work (country + region): the statute's own list where the law of
 * that place has one (NL: Algemene termijnenwet; Alsace-Moselle), else the date-holidays public
 * holidays of the country and region. Which list that is, with its version and source, comes
 * from the calendar book (`DeadlineCalendarBook.forCountry`, `calendarFor`).
 */
export type DeadlineHolidayCalendar = 'country+region';

/**
 * One version of a statutory deadline rule. Rules are data: a change of law adds a version with
 * a later `validFrom`; a computed deadline records the version it used (`ruleVersionKey`).
 */
export interface DeadlineRule {
  readonly id: string;
  readonly version: number;
  readonly country: DeadlineCountry;
  readonly claim: string;
  readonly trigger: DeadlineTrigger;
  /** ISO 8601 duration in one unit: `P21D`, `P3W`, `P2M`, `P3Y`. */
  readonly period: string;
  readonly counting: DeadlineCounting;
  readonly rollOver: DeadlineRollOver;
  readonly calendar: DeadlineHolidayCalendar;
  /** Contractual or collective periods vary, so a complaint may set its own (e.g. `P2M` in construction). */
  readonly periodOverridable: boolean;
  readonly source: string;
  /** The day from which this version applies (to events on or after it). */
  readonly validFrom: PlainDate;
  readonly note?: string;
}

type RuleDefaults = 'counting' | 'rollOver' | 'calendar' | 'periodOverridable' | 'validFrom';
type RuleRow = Omit<DeadlineRule, RuleDefaults> &
  Partial<Pick<DeadlineRule, Exclude<RuleDefaults, 'validFrom'>>> & { validFrom: string };

function rule(row: RuleRow): DeadlineRule {
  return Object.freeze({
    counting: 'calendar',
    rollOver: 'next_working_day',
    calendar: 'country+region',
    periodOverridable: false,
    ...row,
    validFrom: parsePlainDate(row.validFrom),
  });
}

/**
 * The rule table of domain.md ("Statutory deadlines"). `validFrom` is the day the provision's
 * current period took effect; an event before it needs the older law, which has no version here
 * (the engine then refuses rather than guess).
 */
export const DEADLINE_RULES: readonly DeadlineRule[] = Object.freeze([
  rule({
    id: 'de.kschg.4',
    version: 1,
    country: 'DE',
    claim: 'contest a dismissal (Kündigungsschutzklage)',
    trigger: 'dismissal_notice_received',
    period: 'P3W',
    source: '§4 KSchG; §§187, 188, 193 BGB',
    validFrom: '2004-01-01',
    note: 'The action must reach the labour court within three weeks of receiving the written notice.',
  }),
  rule({
    id: 'de.tzbfg.17',
    version: 1,
    country: 'DE',
    claim: 'contest the end of a fixed-term contract',
    trigger: 'fixed_term_end',
    period: 'P3W',
    source: '§17 TzBfG',
    validFrom: '2001-01-01',
  }),
  rule({
    id: 'de.agg.15',
    version: 1,
    country: 'DE',
    claim: 'discrimination claim in writing to employer',
    trigger: 'discrimination_known',
    period: 'P2M',
    source: '§15(4) AGG',
    validFrom: '2006-08-18',
    note: 'A collective agreement may set another period.',
  }),
  rule({
    id: 'de.arbgg.61b',
    version: 1,
    country: 'DE',
    claim: 'court action after written AGG claim',
    trigger: 'agg_claim_asserted',
    period: 'P3M',
    source: '§61b ArbGG',
    validFrom: '2006-08-18',
  }),
  rule({
    id: 'de.ausschlussfrist',
    version: 1,
    country: 'DE',
    claim: 'contractual/collective cut-off for wages (check contract)',
    trigger: 'wage_due',
    period: 'P3M',
    periodOverridable: true,
    source: 'BAG case law; BRTV-Bau §14',
    validFrom: '2005-05-25',
    note: 'The period depends on the contract or collective agreement (e.g. P2M under BRTV-Bau); check and override.',
  }),
  rule({
    id: 'de.bgb.195',
    version: 1,
    country: 'DE',
    claim: 'limitation of wage claims',
    trigger: 'wage_due',
    period: 'P3Y',
    counting: 'from_year_end',
    source: '§§195, 199 BGB',
    validFrom: '2002-01-01',
    note: 'Counted from the end of the year in which the claim arose.',
  }),
  rule({
    id: 'fr.l1471-1.rupture',
    version: 1,
    country: 'FR',
    claim: 'contest a dismissal',
    trigger: 'dismissal_notice_received',
    period: 'P12M',
    source: 'Code du travail L1471-1 al. 2; CPC art. 642',
    validFrom: '2017-09-24',
  }),
  rule({
    id: 'fr.l1471-1.execution',
    version: 1,
    country: 'FR',
    claim: 'claims on performance of the contract',
    trigger: 'facts_known',
    period: 'P2Y',
    source: 'L1471-1 al. 1',
    validFrom: '2013-06-17',
  }),
  rule({
    id: 'fr.l3245-1',
    version: 1,
    country: 'FR',
    claim: 'wage claims',
    trigger: 'wage_due',
    period: 'P3Y',
    source: 'L3245-1',
    validFrom: '2013-06-17',
  }),
  rule({
    id: 'pl.kp.264',
    version: 1,
    country: 'PL',
    claim: 'appeal against notice of termination',
    trigger: 'dismissal_notice_received',
    period: 'P21D',
    source: 'Art. 264 §1 KP; Art. 115 KC',
    validFrom: '2017-06-01',
    note: 'The most urgent rule in the table.',
  }),
  rule({
    id: 'pl.kp.291',
    version: 1,
    country: 'PL',
    claim: 'limitation of wage claims',
    trigger: 'wage_due',
    period: 'P3Y',
    source: 'Art. 291 §1 KP',
    validFrom: '1975-01-01',
  }),
  rule({
    id: 'nl.bw.7-686a',
    version: 1,
    country: 'NL',
    claim: 'contest dismissal / annul termination',
    trigger: 'employment_end',
    period: 'P2M',
    source: 'BW 7:686a lid 4; Algemene termijnenwet',
    validFrom: '2015-07-01',
  }),
  rule({
    id: 'nl.bw.7-686a.transitie',
    version: 1,
    country: 'NL',
    claim: 'transition payment',
    trigger: 'employment_end',
    period: 'P3M',
    source: 'BW 7:686a lid 4',
    validFrom: '2015-07-01',
  }),
  rule({
    id: 'nl.bw.3-308',
    version: 1,
    country: 'NL',
    claim: 'limitation of wage claims (per instalment)',
    trigger: 'wage_due',
    period: 'P5Y',
    source: 'BW 3:308',
    validFrom: '1992-01-01',
  }),
  rule({
    id: 'cz.zp.72',
    version: 1,
    country: 'CZ',
    claim: 'contest termination (action must reach the court)',
    trigger: 'employment_end',
    period: 'P2M',
    source: '§72 zákoník práce',
    validFrom: '2007-01-01',
  }),
  rule({
    id: 'lt.dk.220',
    version: 1,
    country: 'LT',
    claim: 'dismissal dispute to the labour disputes commission',
    trigger: 'dismissal_notice_received',
    period: 'P1M',
    source: 'DK art. 220',
    validFrom: '2017-07-01',
  }),
  rule({
    id: 'rs.zr.195',
    version: 1,
    country: 'RS',
    claim: 'court action against a dismissal or another decision on a right',
    trigger: 'dismissal_notice_received',
    period: 'P60D',
    source: 'Zakon o radu čl. 195 st. 2',
    // The 2014 amendment of the Zakon o radu (Sl. glasnik RS 75/2014, in force 2014-07-29) set the
    // period at 60 days; the older period has no version here.
    validFrom: '2014-07-29',
    note: 'Counted from the delivery of the decision; only the dismissal notice date starts it here.',
  }),
  rule({
    id: 'rs.zr.196',
    version: 1,
    country: 'RS',
    claim: 'limitation of wage and other money claims',
    trigger: 'wage_due',
    period: 'P3Y',
    source: 'Zakon o radu čl. 196',
    // Zakon o radu, Sl. glasnik RS 24/2005, in force 2005-03-23.
    validFrom: '2005-03-23',
    note: 'Three years from the day the obligation arose (each wage instalment on its due date).',
  }),
]);

/** `de.kschg.4@1`: the exact rule version a stored deadline was computed with. */
export function ruleVersionKey(rule: Pick<DeadlineRule, 'id' | 'version'>): string {
  return `${rule.id}@${rule.version}`;
}

/** Lookups over a rule table; the default book holds {@link DEADLINE_RULES}. */
export class DeadlineRuleBook {
  private readonly byId = new Map<string, DeadlineRule[]>();

  constructor(readonly rules: readonly DeadlineRule[] = DEADLINE_RULES) {
    for (const r of rules) {
      parsePeriod(r.period); // a malformed table fails at start-up, not at the first computation
      const versions = this.byId.get(r.id) ?? [];
      if (versions.some((v) => v.version === r.version)) throw new Error(`Duplicate rule version ${ruleVersionKey(r)}`);
      versions.push(r);
      versions.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : a.version - b.version));
      this.byId.set(r.id, versions);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * The version in force on `onDate` (the latest `validFrom` ≤ that date); without a date, the
   * newest version. Unknown id → {@link UnknownDeadlineRuleError}; no version yet → {@link NoRuleVersionError}.
   */
  find(id: string, onDate?: PlainDate | string): DeadlineRule {
    const versions = this.byId.get(id);
    if (!versions) throw new UnknownDeadlineRuleError(id);
    if (onDate === undefined) return versions[versions.length - 1]!;
    const day = parsePlainDate(onDate);
    const inForce = versions.filter((v) => v.validFrom <= day);
    if (inForce.length === 0) throw new NoRuleVersionError(id, day);
    return inForce[inForce.length - 1]!;
  }

  /** A stored version exactly (for deadlines computed earlier); unknown → {@link UnknownDeadlineRuleError}. */
  findVersion(id: string, version: number): DeadlineRule {
    const found = this.byId.get(id)?.find((v) => v.version === version);
    if (!found) throw new UnknownDeadlineRuleError(ruleVersionKey({ id, version }));
    return found;
  }

  /** Every version in table order; optionally of one country only. */
  list(country?: string): DeadlineRule[] {
    return this.rules.filter((r) => country === undefined || r.country === country);
  }

  /** The distinct rule ids of a country, in table order. */
  idsFor(country: string): string[] {
    return [...new Set(this.list(country).map((r) => r.id))];
  }
}

export const defaultRuleBook = new DeadlineRuleBook();

/** The version of rule `id` in force on `onDate` (default: the newest). */
export function findRule(id: string, onDate?: PlainDate | string): DeadlineRule {
  return defaultRuleBook.find(id, onDate);
}

export function listRules(country?: string): DeadlineRule[] {
  return defaultRuleBook.list(country);
}
