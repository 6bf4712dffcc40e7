import type { EntityManager } from 'typeorm';
import { CASE_ROLES, usersRepository, type User } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';

/**
 * The user a complaint or a step is given to: active, and in a role that works on cases. Locked
 * FOR SHARE until the caller's transaction ends, so a deactivation cannot commit between this
 * check and the assignment. Anyone else → 422 on `field`.
 */
export async function lockAssignableUser(manager: EntityManager, userId: string, field: string): Promise<User> {
  const user = await usersRepository.lockForShare(manager, userId);
  if (!user || !user.active || !CASE_ROLES.includes(user.role)) {
    throw new ComplaintError(
      'complaint.assignee-not-assignable',
      'The assignee must be an active caseworker, coordinator or admin',
      { fields: [{ field, message: 'Not an active user who works on cases' }] },
    );
  }
  return user;
}
