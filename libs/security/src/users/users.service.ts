import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, keysetPage, newId } from '@mc/database';
import type { RequestMeta, UserActor } from '../access/actor.js';
import type { Role } from '../access/roles.js';
import { RecordNotFoundError } from '../access/record-not-found.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { SecurityError } from '../security-errors.js';
import { hashPassword } from './password-hasher.js';
import type { UserLocale } from './user-locale.js';
import { User } from './user.entity.js';

export interface CreateUserInput {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  password?: string;
  active?: boolean;
  locale?: UserLocale;
}

export interface UserPage {
  items: User[];
  nextCursor: string | null;
}

/** Serialises the first-admin check across API replicas starting at the same time. */
const BOOTSTRAP_LOCK = 715_001;

export function normaliseUserEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateUserInput, actor: UserActor | null, meta: RequestMeta = {}): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (manager) => {
      const user = await this.insert(manager, { ...input, passwordHash });
      await this.audit.record(
        {
          actor: actor ?? { kind: 'system' },
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          meta,
          details: { role: user.role },
        },
        manager,
      );
      return user;
    });
  }

  private async insert(
    manager: EntityManager,
    input: Omit<CreateUserInput, 'password'> & { passwordHash: string },
  ): Promise<User> {
    const email = normaliseUserEmail(input.email);
    const exists = await manager.exists(User, { where: { email } });
    if (exists) throw new SecurityError('user.email-taken', 'A user with this email already exists');
    const now = new Date();
    const user = manager.create(User, {
      id: newId(),
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      passwordHash: input.passwordHash,
      active: true,
      lastLoginAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    try {
      await manager.insert(User, user);
    } catch (error) {
      // Two admins creating the same address at once: the unique index decides.
      if ((error as { code?: string }).code === '23505')
        throw new SecurityError('user.email-taken', 'A user with this email already exists');
      throw error;
    }
    return user;
  }

  async get(id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw new RecordNotFoundError('User');
    return user;
  }

  findActiveByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ email: normaliseUserEmail(email), active: true });
  }

  async list(limit: number, cursor?: string): Promise<UserPage> {
    if (cursor !== undefined && !isUuid(cursor)) {
      throw new SecurityError('user.invalid-cursor', 'The cursor is not valid');
    }
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    return keysetPage(qb, { key: 'u.id', order: 'ASC', limit, after: cursor }, (last) => last.id);
  }

  /**
   * Changes a user. Deactivation revokes every session in the same transaction, so a removed
   * volunteer's token stops working at once. `expectedVersion` guards against lost updates.
   */
  async update(
    id: string,
    patch: UpdateUserInput,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<User> {
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    return this.db.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new RecordNotFoundError('User');
      if (expectedVersion !== undefined && expectedVersion !== user.version) {
        throw new SecurityError('user.stale-version', 'The user was changed by someone else', {
          details: { currentVersion: user.version },
        });
      }
      const changed: string[] = [];
      if (patch.displayName !== undefined && patch.displayName.trim() !== user.displayName) {
        user.displayName = patch.displayName.trim();
        changed.push('displayName');
      }
      if (patch.role !== undefined && patch.role !== user.role) {
        user.role = patch.role;
        changed.push('role');
      }
      if (passwordHash !== undefined) {
        user.passwordHash = passwordHash;
        changed.push('password');
      }
      if (patch.locale !== undefined && patch.locale !== user.locale) {
        user.locale = patch.locale;
        changed.push('locale');
      }
      const deactivated = patch.active === false && user.active;
      if (patch.active !== undefined && patch.active !== user.active) {
        user.active = patch.active;
        changed.push('active');
      }
      if (changed.length === 0) return user;
      user.updatedAt = new Date();
      await manager.save(User, user);
      // A new password or role must not keep old sessions alive with old rights.
      if (deactivated || passwordHash !== undefined || changed.includes('role')) {
        await this.sessions.revokeAllOfUser(user.id, manager);
      }
      await this.audit.record(
        {
          actor,
          action: deactivated ? 'user.deactivate' : 'user.update',
          entityType: 'user',
          entityId: user.id,
          meta,
          details: { fields: changed, ...(changed.includes('role') ? { role: user.role } : {}) },
        },
        manager,
      );
      return user;
    });
  }

  async recordLogin(userId: string, manager: EntityManager): Promise<void> {
    // Raw SQL: signing in is not an edit of the account, so it must not bump the version.
    await manager.query('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
  }

  /**
   * First start: create the first admin when there is no user at all. Returns the generated
   * password when none was given, so the caller can print it once.
   */
  async ensureBootstrapAdmin(
    email: string | undefined,
    password: string | undefined,
  ): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string }> {
    const finalPassword = password ?? randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(finalPassword);
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const count = await manager.count(User);
      if (count > 0) return { created: false as const };
      const user = await this.insert(manager, {
        email: email ?? 'admin@localhost',
        displayName: 'Administrator',
        role: 'admin',
        passwordHash,
      });
      await this.audit.record(
        {
          actor: { kind: 'system' },
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          details: { role: 'admin', bootstrap: true },
        },
        manager,
      );
      this.logger.log('Created the first admin account');
      return { created: true as const, email: user.email, generatedPassword: password ? undefined : finalPassword };
    });
  }
}
