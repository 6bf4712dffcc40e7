/**
 * When a step's deadline counts, in SQL over `escalation_steps s` joined with `complaints c`: an
 * open step of a complaint still in progress, and not an internal target frozen by a paused clock
 * (those move on resume; legal deadlines never do). One definition for the sweep, the upcoming
 * list, the step views and (restated in @mc/complaints, which cannot import this) `?overdue=`.
 */
export const LIVE_STEP_SQL =
  `s."status" IN ('planned', 'in_progress')` +
  ` AND c."status" NOT IN ('resolved', 'closed', 'rejected')` +
  ` AND (s."deadline_rule_id" IS NOT NULL OR c."clock_paused_at" IS NULL)`;

/** A live step past its deadline at `$n` (the caller binds the instant). */
export function overdueStepSql(nowParam: string): string {
  return `${LIVE_STEP_SQL} AND s."overdue_at" <= ${nowParam}`;
}
