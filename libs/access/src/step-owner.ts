import { COORDINATOR_ROLES } from '@mc/security';
import { complaintOwnedBySql } from './complaint-scope.js';

/**
 * "User `user` may open complaint `complaint`": a coordinator or admin, or the caseworker the
 * complaint is assigned to or was filed by (the rule of `recordScopeOf` and `complaintOwnedBySql`,
 * for a user found in SQL rather than the caller).
 */
export function userMayOpenComplaintSql(user: string, complaint: string): string {
  return `(${complaintOwnedBySql(complaint, `${user}."id"`)}
           OR ${user}."role" = ANY('{${COORDINATOR_ROLES.join(',')}}'::text[]))`;
}

/**
 * The owner of a step, in SQL over `escalation_steps` `step` joined with `complaints`
 * `complaint`: its assignee while active and still able to open the complaint (so a reassigned
 * case takes its reminders along), else the complaint's active assignee, else whoever filed it
 * if active. Null when none is.
 */
export function stepOwnerSql(step: string, complaint: string): string {
  return `COALESCE(
  (SELECT su."id" FROM "users" su
    WHERE su."id" = ${step}."assignee_id" AND su."active" AND ${userMayOpenComplaintSql('su', complaint)}),
  (SELECT cu."id" FROM "users" cu WHERE cu."id" = ${complaint}."assignee_id" AND cu."active"),
  (SELECT fu."id" FROM "users" fu WHERE fu."id" = ${complaint}."created_by" AND fu."active"))`;
}
