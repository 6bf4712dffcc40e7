import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { newId } from '@mc/database';
import type { UserActor } from '../access/actor.js';
import type { Role } from '../access/roles.js';
import { Session } from './session.entity.js';
import { generateSessionToken, hashSessionToken, looksLikeSessionToken } from './session-token.js';

/** Refreshing `last_seen_at` on every request would turn every read into a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface IssuedSession {
  sessionId: string;
  token: string;
  expiresAt: Date;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(userId: string, manager: EntityManager = this.db.manager): Promise<IssuedSession> {
    const token = generateSessionToken();
    const now = new Date();
    const session = manager.create(Session, {
      id: newId(),
      userId,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.ttlMinutes * 60_000),
      revokedAt: null,
    });
    await manager.insert(Session, session);
    return { sessionId: session.id, token, expiresAt: session.expiresAt };
  }

  /** The user behind a bearer token, or null when it is unknown, expired, idle, revoked or the user is inactive. */
  async authenticate(token: string): Promise<UserActor | null> {
    if (!looksLikeSessionToken(token)) return null;
    return this.activeActor('s.token_hash = $1', hashSessionToken(token));
  }

  /**
   * The user of a session named by id (a grant that points at a session, such as the queue
   * board's cookie), under the same rules as its bearer token: expiry, idle time, revocation and
   * an active user.
   */
  async authenticateSession(sessionId: string): Promise<UserActor | null> {
    return this.activeActor('s.id = $1', sessionId);
  }

  private async activeActor(
    match: 's.token_hash = $1' | 's.id = $1',
    value: Buffer | string,
  ): Promise<UserActor | null> {
    const rows: Array<{ id: string; user_id: string; role: Role; last_seen_at: Date }> = await this.db.query(
      `SELECT s.id, s.user_id, u.role, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE ${match} AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2) AND u.active`,
      [value, this.config.session.idleMinutes],
    );
    const row = rows[0];
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at).getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.db.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [row.id]);
    }
    return { kind: 'user', userId: row.user_id, role: row.role, sessionId: row.id };
  }

  async revoke(sessionId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(Session, { id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(userId: string, manager: EntityManager = this.db.manager): Promise<number> {
    const result = await manager.update(Session, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return result.affected ?? 0;
  }

  /** Removes sessions that can no longer be used (retention); returns how many. */
  async purgeDead(olderThanDays = 30): Promise<number> {
    const result: [unknown[], number] = await this.db.query(
      `DELETE FROM sessions WHERE (revoked_at IS NOT NULL OR expires_at < now()) AND created_at < now() - make_interval(days => $1)`,
      [olderThanDays],
    );
    return result[1];
  }
}
