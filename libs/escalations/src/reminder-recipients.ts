import type { EntityManager } from 'typeorm';
import { COORDINATOR_ROLES } from '@mc/security';

/**
 * Who hears about a step: its assignee, else the complaint's assignee (if still an active user);
 * with nobody assigned, every active coordinator and admin, so an unowned deadline is never silent.
 */
export async function stepRecipients(
  manager: EntityManager,
  stepAssigneeId: string | null,
  complaintAssigneeId: string | null,
): Promise<string[]> {
  const owner = stepAssigneeId ?? complaintAssigneeId;
  if (owner !== null) {
    const rows: { id: string }[] = await manager.query(`SELECT "id" FROM "users" WHERE "id" = $1 AND "active"`, [
      owner,
    ]);
    if (rows.length > 0) return [owner];
  }
  return coordinatorIds(manager);
}

export async function coordinatorIds(manager: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT "id" FROM "users" WHERE "active" AND "role" = ANY($1::text[]) ORDER BY "id"`,
    [COORDINATOR_ROLES],
  );
  return rows.map((r) => r.id);
}
