import type { EntityManager } from 'typeorm';
import type { Role } from '../access/roles.js';
import type { UserLocale } from './user-locale.js';
import { User } from './user.entity.js';

/** How a notification reaches a user, for the delivery handlers. */
export interface UserContact {
  readonly userId: string;
  readonly active: boolean;
  readonly email: string;
  readonly telegramChatId: string | null;
  readonly locale: UserLocale;
}

/** What other libraries may ask of the `users` table, which this library owns. */
export const usersRepository = {
  /** Active users in `roles`, ordered by id (stable recipient lists). */
  async activeIdsInRoles(manager: EntityManager, roles: readonly Role[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT "id" FROM "users" WHERE "active" AND "role" = ANY($1::text[]) ORDER BY "id"`,
      [roles],
    );
    return rows.map((r) => r.id);
  },

  /**
   * The user, locked FOR SHARE until the caller's transaction ends, so a deactivation or a role
   * change cannot commit between the caller's check and its write.
   */
  lockForShare(manager: EntityManager, userId: string): Promise<User | null> {
    return manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_read' } });
  },

  async contactOf(manager: EntityManager, userId: string): Promise<UserContact | null> {
    const user = await manager.findOne(User, {
      where: { id: userId },
      select: { id: true, active: true, email: true, telegramChatId: true, locale: true },
    });
    return user
      ? {
          userId: user.id,
          active: user.active,
          email: user.email,
          telegramChatId: user.telegramChatId,
          locale: user.locale,
        }
      : null;
  },
};
