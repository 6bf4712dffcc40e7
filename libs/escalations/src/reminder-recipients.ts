import type { EntityManager } from 'typeorm';
import { COORDINATOR_ROLES } from '@mc/security';

/**
 * The owner of a step, in SQL over `escalation_steps s` joined with `complaints c`: the first
 * active user of its assignee (while they may still open the complaint: a coordinator or admin,
 * or the caseworker the complaint is assigned to or was filed by, so a reassigned case takes its
 * reminders along), the complaint's assignee, and whoever filed it. Null when none is.
 */
export const STEP_OWNER_SQL = `COALESCE(
  (SELECT su."id" FROM "users" su
    WHERE su."id" = s."assignee_id" AND su."active"
      AND (su."id" = c."assignee_id" OR su."id" = c."created_by"
           OR su."role" = ANY('{${COORDINATOR_ROLES.join(',')}}'::text[]))),
  (SELECT cu."id" FROM "users" cu WHERE cu."id" = c."assignee_id" AND cu."active"),
  (SELECT fu."id" FROM "users" fu WHERE fu."id" = c."created_by" AND fu."active"))`;

/**
 * Who hears about a step: its owner ({@link STEP_OWNER_SQL}); with none, every active coordinator
 * and admin, so an unowned deadline is never silent.
 */
export async function stepRecipients(manager: EntityManager, stepId: string): Promise<string[]> {
  const rows: { owner: string | null }[] = await manager.query(
    `SELECT ${STEP_OWNER_SQL} AS "owner"
       FROM "escalation_steps" s
       JOIN "complaints" c ON c."id" = s."complaint_id"
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
