import type { ComplaintCategory } from '@mc/complaints';
import type { StepType } from './step-types.js';

/**
 * The default playbooks of domain.md, as data: which steps a complaint of a country and category
 * usually needs, in ladder order. A step either has an internal target (`offsetDays` after the
 * complaint was created) or a legal deadline (`ruleId`, due date from the complaint's key date).
 * Editing this table changes what `POST /complaints/:id/playbook` creates; the unit test checks
 * that every rule exists and belongs to its country.
 */
export interface PlaybookStep {
  readonly type: StepType;
  /** Shown to caseworkers; no personal data (it is the same for every complaint). */
  readonly title: string;
  readonly offsetDays?: number;
  readonly ruleId?: string;
  /** Raises the complaint's priority to `urgent`. */
  readonly urgent?: boolean;
}

export interface Playbook {
  /** Stable name, stored on the steps it created (`<key>#<index>`). */
  readonly key: string;
  /** ISO country of work, or `*` for any. */
  readonly country: string;
  /** Categories that select it (any one of them), or `*` for any. */
  readonly categories: readonly ComplaintCategory[] | '*';
  readonly steps: readonly PlaybookStep[];
}

export const WAGE_CATEGORIES: readonly ComplaintCategory[] = [
  'unpaid_wages',
  'below_minimum_wage',
  'unpaid_overtime',
  'illegal_deductions',
];

export const DEFAULT_PLAYBOOKS: readonly Playbook[] = [
  {
    key: 'any.demand',
    country: '*',
    categories: '*',
    steps: [
      {
        type: 'demand_letter',
        title: "Send a written demand to the employer; the employer's answer is due 14 days after sending",
        offsetDays: 14,
      },
    ],
  },
  {
    key: 'any.protection',
    country: '*',
    categories: ['document_retention', 'forced_labour_indicators', 'threats_intimidation'],
    steps: [
      {
        type: 'partner_referral',
        title: 'Refer to a specialised counselling or anti-trafficking partner',
        offsetDays: 1,
        urgent: true,
      },
    ],
  },
  {
    key: 'de.dismissal',
    country: 'DE',
    categories: ['unlawful_dismissal'],
    steps: [
      { type: 'partner_referral', title: 'Refer to a counselling centre for mobile workers', offsetDays: 3 },
      {
        type: 'labour_court',
        title: 'Dismissal protection claim at the labour court (Kündigungsschutzklage)',
        ruleId: 'de.kschg.4',
      },
    ],
  },
  {
    key: 'de.wages',
    country: 'DE',
    categories: WAGE_CATEGORIES,
    steps: [
      {
        type: 'demand_letter',
        title: 'Written wage demand within the contractual cut-off period (Ausschlussfrist; check the contract)',
        ruleId: 'de.ausschlussfrist',
      },
      { type: 'union_referral', title: 'Refer to the union', offsetDays: 21 },
      { type: 'labour_court', title: 'Wage claim at the labour court before limitation', ruleId: 'de.bgb.195' },
    ],
  },
  {
    key: 'fr.dismissal',
    country: 'FR',
    categories: ['unlawful_dismissal'],
    steps: [
      { type: 'labour_inspectorate', title: 'Report to the Inspection du travail', offsetDays: 14 },
      {
        type: 'labour_court',
        title: "Contest the dismissal at the Conseil de prud'hommes",
        ruleId: 'fr.l1471-1.rupture',
      },
    ],
  },
  {
    key: 'fr.wages',
    country: 'FR',
    categories: WAGE_CATEGORIES,
    steps: [{ type: 'labour_court', title: "Wage claim at the Conseil de prud'hommes", ruleId: 'fr.l3245-1' }],
  },
  {
    key: 'pl.dismissal',
    country: 'PL',
    categories: ['unlawful_dismissal'],
    steps: [
      { type: 'labour_court', title: 'Appeal against the notice at the labour court (sąd pracy)', ruleId: 'pl.kp.264' },
    ],
  },
  {
    key: 'pl.wages',
    country: 'PL',
    categories: WAGE_CATEGORIES,
    steps: [
      { type: 'labour_inspectorate', title: 'Complaint to the Państwowa Inspekcja Pracy (PIP)', offsetDays: 14 },
      { type: 'labour_court', title: 'Wage claim at the labour court (sąd pracy)', ruleId: 'pl.kp.291' },
    ],
  },
  {
    key: 'nl.dismissal',
    country: 'NL',
    categories: ['unlawful_dismissal'],
    steps: [
      { type: 'union_referral', title: 'Refer to the union', offsetDays: 7 },
      { type: 'labour_court', title: 'Petition to the kantonrechter', ruleId: 'nl.bw.7-686a' },
    ],
  },
  {
    key: 'cz.dismissal',
    country: 'CZ',
    categories: ['unlawful_dismissal'],
    steps: [{ type: 'labour_court', title: 'Action against the termination at the court', ruleId: 'cz.zp.72' }],
  },
  {
    key: 'lt.dismissal',
    country: 'LT',
    categories: ['unlawful_dismissal'],
    steps: [{ type: 'conciliation', title: 'Application to the labour disputes commission', ruleId: 'lt.dk.220' }],
  },
  {
    key: 'rs.dismissal',
    country: 'RS',
    categories: ['unlawful_dismissal'],
    steps: [
      { type: 'labour_inspectorate', title: 'Report to the labour inspectorate (Inspektorat za rad)', offsetDays: 7 },
      {
        type: 'labour_court',
        title: 'Action against the dismissal at the basic court (osnovni sud)',
        ruleId: 'rs.zr.195',
      },
    ],
  },
  {
    key: 'rs.wages',
    country: 'RS',
    categories: WAGE_CATEGORIES,
    steps: [
      // Takes the place of the generic demand letter, as DE wages' does (same 14 days).
      { type: 'demand_letter', title: 'Send the employer a written wage demand (opomena)', offsetDays: 14 },
      { type: 'labour_court', title: 'Wage claim at the basic court before limitation', ruleId: 'rs.zr.196' },
    ],
  },
];
