import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestMeta, UserActor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionsService, type IssuedSession } from '../sessions/sessions.service.js';
import { verifyAgainstDummy, verifyPassword } from '../users/password-hasher.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { SecurityError } from '../security-errors.js';

export interface LoginResult extends IssuedSession {
  user: User;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Same answer (and about the same time) for an unknown email and a wrong password. */
  async login(email: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const user = await this.users.findActiveByEmail(email);
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    if (!user || !ok) {
      // The attempted email is personal data: the audit row keeps only the account id, if any.
      await this.audit.record({
        actor: { kind: 'public' },
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        meta,
        details: { reason: 'invalid_credentials' },
      });
      throw new SecurityError('auth.invalid-credentials', 'Wrong email or password');
    }
    return this.db.transaction(async (manager) => {
      const session = await this.sessions.issue(user.id, manager);
      await this.users.recordLogin(user.id, manager);
      await this.audit.record(
        {
          actor: { kind: 'user', userId: user.id, role: user.role, sessionId: session.sessionId },
          action: 'auth.login',
          entityType: 'session',
          entityId: session.sessionId,
          meta,
        },
        manager,
      );
      return { ...session, user };
    });
  }

  async logout(actor: UserActor, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (manager) => {
      await this.sessions.revoke(actor.sessionId, manager);
      await this.audit.record(
        { actor, action: 'auth.logout', entityType: 'session', entityId: actor.sessionId, meta },
        manager,
      );
    });
  }
}
