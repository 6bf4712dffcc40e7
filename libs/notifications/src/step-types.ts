/**
 * The actions of the escalation ladder (domain.md). Stored as text: add, never rename.
 * `@mc/escalations` owns the steps but sits above this library, whose messages name step types
 * too; so the one list lives here and escalations re-exports it.
 */
export const STEP_TYPES = [
  'demand_letter',
  'employer_meeting',
  'collective_action',
  'labour_inspectorate',
  'union_referral',
  'partner_referral',
  'conciliation',
  'labour_court',
  'public_disclosure',
  'other',
] as const;
export type StepType = (typeof STEP_TYPES)[number];
