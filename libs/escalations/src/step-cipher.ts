import type { FieldAad } from '@mc/security';

/** Where a step's free text is bound (AAD): its own table, column and row under the complaint's key. */
export const stepAad = {
  title: (stepId: string): FieldAad => ({ table: 'escalation_steps', column: 'title', rowId: stepId }),
  outcome: (stepId: string): FieldAad => ({ table: 'escalation_steps', column: 'outcome', rowId: stepId }),
} as const;
