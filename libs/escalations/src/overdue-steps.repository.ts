import type { EntityManager } from 'typeorm';
import { complaintSql } from '@mc/complaints';
import { overdueStepSql } from './step-predicates.js';
import type { StepType } from './step-types.js';

/** An overdue step not reported yet, with what its message says. */
export interface OverdueStep {
  id: string;
  type: StepType;
  complaint_id: string;
  reference: string;
  due_date: string | null;
  due_at: Date | null;
  deadline_rule_id: string | null;
}

/** The SQL of the sweep's overdue report over `escalation_steps`. */
export const overdueStepsRepository = {
  /** Live steps past their deadline at `now` and not reported yet, longest overdue first. */
  unreported(manager: EntityManager, now: Date, limit: number): Promise<OverdueStep[]> {
    return manager.query(
      `SELECT s."id", s."type", s."complaint_id", ${complaintSql.reference('c')} AS "reference",
              to_char(s."due_date", 'YYYY-MM-DD') AS "due_date", s."due_at", s."deadline_rule_id"
         FROM "escalation_steps" s
         ${complaintSql.join('c', 's."complaint_id"')}
        WHERE ${overdueStepSql('$1')} AND s."overdue_notified_at" IS NULL
        ORDER BY s."overdue_at"
        LIMIT $2`,
      [now, limit],
    );
  },

  /**
   * Claims the report of one step (`overdue_notified_at`), re-checking the rule: the step may have
   * moved, finished or been paused since the scan. false when it no longer qualifies or another
   * run claimed it.
   */
  async claim(manager: EntityManager, stepId: string, now: Date): Promise<boolean> {
    const [, claimed] = (await manager.query(
      `UPDATE "escalation_steps" s SET "overdue_notified_at" = $2
         FROM ${complaintSql.from('c')}
        WHERE s."id" = $1 AND c."id" = s."complaint_id" AND s."overdue_notified_at" IS NULL
          AND ${overdueStepSql('$2')}`,
      [stepId, now],
    )) as [unknown, number];
    return claimed > 0;
  },
};
