import { describe, expect, it } from 'vitest';
import { STEP_TYPES } from './step-types.js';

describe('step types', () => {
  // Stored as text in escalation_steps.type: this list changes only by adding a type.
  it('has the ten step types of domain.md', () => {
    expect([...STEP_TYPES]).toEqual([
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
    ]);
  });
});
