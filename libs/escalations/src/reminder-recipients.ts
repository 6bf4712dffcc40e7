import type { EntityManager } from 'typeorm';
import { COORDINATOR_ROLES } from '@mc/security';

/**
 * The owner of a step, in SQL over `escalation_steps s` joined with `complaints c`: its assignee
 * while they may still open the complaint (a coordinator or admin, or the caseworker the
 * complaint is assigned to or was filed by: a reassigned case takes its reminders along), else
 * the complaint's assignee, else whoever filed it. Null for a public intake nobody took yet.
 */
export const STEP_OWNER_SQL = `COALESCE(
  CASE WHEN s."assignee_id" = c."assignee_id" OR s."assignee_id" = c."created_by"
         OR EXISTS (SELECT 1 FROM "users" su WHERE su."id" = s."assignee_id" AND su."role" = ANY('{${COORDINATOR_ROLES.join(',')}}'::text[]))
       THEN s."assignee_id" END,
  c."assignee_id", c."created_by")`;

/**
 * Who hears about a step: its owner ({@link STEP_OWNER_SQL}) while an active user; with no owner
 * or an inactive one, every active coordinator and admin, so an unowned deadline is never silent.
 */
export async function stepRecipients(manager: EntityManager, stepId: string): Promise<string[]> {
  const rows: { owner: string | null }[] = await manager.query(
    `SELECT u."id" AS "owner"
       FROM "escalation_steps" s
       JOIN "complaints" c ON c."id" = s."complaint_id"
       JOIN "users" u ON u."id" = ${STEP_OWNER_SQL} AND u."active"
      WHERE s."id" = $1`,
    [stepId],
  );
  const owner = rows[0]?.owner;
  return owner ? [owner] : coordinatorIds(manager);
}

export async function coordinatorIds(manager: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT "id" FROM "users" WHERE "active" AND "role" = ANY($1::text[]) ORDER BY "id"`,
    [COORDINATOR_ROLES],
  );
  return rows.map((r) => r.id);
}
