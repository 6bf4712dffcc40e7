import type { EntityManager } from 'typeorm';
import { COORDINATOR_ROLES } from '@mc/security';

/** Who owns a step: its assignee, else the complaint's assignee, else whoever filed the complaint. */
export interface StepOwnership {
  stepAssigneeId: string | null;
  complaintAssigneeId: string | null;
  complaintCreatedBy: string | null;
}

/** The SQL twin of {@link stepOwner}, for queries over steps `s` joined with complaints `c`. */
export const STEP_OWNER_SQL = `COALESCE(s."assignee_id", c."assignee_id", c."created_by")`;

export function stepOwner(o: StepOwnership): string | null {
  return o.stepAssigneeId ?? o.complaintAssigneeId ?? o.complaintCreatedBy;
}

/**
 * Who hears about a step: its owner ({@link stepOwner}) while an active user; with no owner (a
 * public intake nobody took yet) or an inactive one, every active coordinator and admin, so an
 * unowned deadline is never silent.
 */
export async function stepRecipients(manager: EntityManager, ownership: StepOwnership): Promise<string[]> {
  const owner = stepOwner(ownership);
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
