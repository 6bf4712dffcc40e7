import type { EntityManager } from 'typeorm';
import { stepOwnerSql } from '@mc/access';
import { complaintSql } from '@mc/complaints';
import { COORDINATOR_ROLES, usersRepository } from '@mc/security';

/** A step's owner (the rule is @mc/access's), in SQL over `escalation_steps s` joined with `complaints c`. */
export const STEP_OWNER_SQL = stepOwnerSql('s', 'c');

/**
 * Who hears about a step: its owner ({@link STEP_OWNER_SQL}); with none, every active coordinator
 * and admin, so an unowned deadline is never silent.
 */
export async function stepRecipients(manager: EntityManager, stepId: string): Promise<string[]> {
  const rows: { owner: string | null }[] = await manager.query(
    `SELECT ${STEP_OWNER_SQL} AS "owner"
       FROM "escalation_steps" s
       ${complaintSql.join('c', 's."complaint_id"')}
      WHERE s."id" = $1`,
    [stepId],
  );
  const owner = rows[0]?.owner;
  return owner ? [owner] : coordinatorIds(manager);
}

/** Every active coordinator and admin. */
export function coordinatorIds(manager: EntityManager): Promise<string[]> {
  return usersRepository.activeIdsInRoles(manager, COORDINATOR_ROLES);
}
