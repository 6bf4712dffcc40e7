import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import type { Actor, RequestMeta } from '../access/actor.js';
import {
  AUDIT_GENESIS_HASH,
  computeAuditHash,
  decodeAuditCursor,
  encodeAuditCursor,
  normaliseAuditDetails,
  type AuditActorType,
  type AuditDetails,
  type AuditHashInput,
} from './audit-chain.js';
import { AuditEvent } from './audit-event.entity.js';

/** Background jobs, the bootstrap, scheduled tasks. */
export interface SystemAuditActor {
  readonly kind: 'system';
}

/** Someone without an account (failed logins, public intake). */
export interface PublicAuditActor {
  readonly kind: 'public';
}

/** A partner organisation calling with its own credentials. */
export interface PartnerAuditActor {
  readonly kind: 'partner';
  readonly partnerId: string;
}

/** Who did it. A request's `anonymous` actor is recorded as `public`. */
export type AuditActor = Actor | SystemAuditActor | PublicAuditActor | PartnerAuditActor;

export interface AuditEntry {
  actor: AuditActor;
  /** Dotted verb: `auth.login`, `auth.login_failed`, `user.create`, `worker.read`... */
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  /** Request id and client address (from `@CurrentRequestMeta()`). */
  meta?: RequestMeta;
  /**
   * Ids, field names, enum values, counts and flags only. NEVER personal data: no names,
   * emails, phone numbers, addresses, passwords or free text a person typed. The audit log
   * cannot be edited or erased, so anything put here stays forever.
   */
  details?: AuditDetails;
}

export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditPageRequest {
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows checked; when the chain is broken, up to and including the first broken row. */
  checked: number;
  firstBrokenId: string | null;
}

/**
 * Key of the transaction-scoped advisory lock that serialises appends to the chain
 * ("mcaudt" in ASCII, so it does not meet the small keys other services use).
 */
export const AUDIT_CHAIN_LOCK = 0x6d63_6175_6474;

const VERIFY_BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends one row to the chain. With a `manager` inside a transaction the row is written in
   * that transaction, so an audited change and its audit row commit (or roll back) together;
   * the chain lock is then held until that transaction ends, so keep such transactions short.
   * Without one (or outside a transaction) the row gets a transaction of its own.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    if (manager?.queryRunner?.isTransactionActive) {
      await this.append(entry, manager);
    } else {
      await (manager ?? this.db.manager).transaction((tx) => this.append(entry, tx));
    }
  }

  private async append(entry: AuditEntry, manager: EntityManager): Promise<void> {
    if (!entry.action) throw new Error('An audit entry needs an action');
    const details = normaliseAuditDetails(entry.details);
    const { actorType, actorId } = actorColumns(entry.actor);

    const [lock] = (await manager.query(
      `SELECT pg_advisory_xact_lock($1), current_setting('transaction_isolation') AS isolation`,
      [AUDIT_CHAIN_LOCK],
    )) as Array<{ isolation: string }>;
    // Under REPEATABLE READ / SERIALIZABLE the snapshot may predate the lock, so the last row
    // read below could be stale and the chain would fork.
    if (lock?.isolation !== 'read committed') {
      throw new Error(`The audit log must be written in a READ COMMITTED transaction (got ${lock?.isolation})`);
    }
    const [last] = (await manager.query(`SELECT "hash" FROM "audit_events" ORDER BY "seq" DESC LIMIT 1`)) as Array<{
      hash: string;
    }>;
    const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;

    // Taken after the lock, so `at` follows chain order; millisecond precision (see audit-chain.ts).
    const row: AuditHashInput = {
      id: newId(),
      at: new Date(),
      actorType,
      actorId,
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      requestId: entry.meta?.requestId ?? null,
      ip: entry.meta?.ip ?? null,
      details,
    };
    const hash = computeAuditHash(prevHash, row);
    await manager.query(
      `INSERT INTO "audit_events" ("id", "at", "actor_type", "actor_id", "action", "entity_type", "entity_id",
                                   "request_id", "ip", "details", "prev_hash", "hash")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [
        row.id,
        row.at,
        row.actorType,
        row.actorId,
        row.action,
        row.entityType,
        row.entityId,
        row.requestId,
        row.ip,
        JSON.stringify(row.details),
        prevHash,
        hash,
      ],
    );
  }

  /** Newest first; filters combine with AND. */
  async list(filters: AuditFilters, page: AuditPageRequest): Promise<AuditPage> {
    const qb = this.db
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(page.limit + 1);
    if (filters.entityType !== undefined) qb.andWhere('e.entityType = :entityType', { entityType: filters.entityType });
    if (filters.entityId !== undefined) qb.andWhere('e.entityId = :entityId', { entityId: filters.entityId });
    if (filters.actorId !== undefined) qb.andWhere('e.actorId = :actorId', { actorId: filters.actorId });
    if (filters.from !== undefined) qb.andWhere('e.at >= :from', { from: filters.from });
    if (filters.to !== undefined) qb.andWhere('e.at < :to', { to: filters.to });
    if (page.cursor !== undefined) {
      const seq = decodeAuditCursor(page.cursor);
      if (seq === null) throw new BadRequestException('The cursor is not valid');
      qb.andWhere('e.seq < :seq', { seq });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, page.limit);
    const nextCursor = rows.length > page.limit ? encodeAuditCursor(items[items.length - 1]!.seq) : null;
    return { items, nextCursor };
  }

  /**
   * Walks the whole chain in seq order (keyset batches), recomputing every hash and checking
   * that every row points at its predecessor. An edited row fails its own hash; a deleted,
   * inserted or reordered row breaks the next link. Stops at the first broken row.
   */
  async verify(): Promise<AuditVerification> {
    let expectedPrev = AUDIT_GENESIS_HASH;
    let afterSeq = '0';
    let checked = 0;
    for (;;) {
      const rows = (await this.db.query(
        `SELECT "id", "seq"::text AS "seq_text", "at", "at" <> date_trunc('milliseconds', "at") AS "sub_ms",
                "actor_type", "actor_id", "action", "entity_type", "entity_id", "request_id", "ip", "details",
                "prev_hash", "hash"
           FROM "audit_events" WHERE "seq" > $1 ORDER BY "seq" ASC LIMIT $2`,
        [afterSeq, VERIFY_BATCH],
      )) as ChainRow[];
      for (const row of rows) {
        checked++;
        const input: AuditHashInput = {
          id: row.id,
          at: row.at,
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          requestId: row.request_id,
          ip: row.ip,
          details: row.details,
        };
        // `sub_ms`: the hash covers `at` in milliseconds, so a microsecond edit must be caught here.
        if (row.sub_ms || row.prev_hash !== expectedPrev || computeAuditHash(row.prev_hash, input) !== row.hash) {
          return { ok: false, checked, firstBrokenId: row.id };
        }
        expectedPrev = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBrokenId: null };
      afterSeq = rows[rows.length - 1]!.seq_text;
    }
  }
}

/** A row as `verify` reads it (raw, without entity hydration). */
interface ChainRow {
  id: string;
  /** Not aliased `seq`: ORDER BY "seq" would then sort the text, not the bigint. */
  seq_text: string;
  at: Date;
  sub_ms: boolean;
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function actorColumns(actor: AuditActor): { actorType: AuditActorType; actorId: string | null } {
  switch (actor.kind) {
    // Lower-cased as the uuid column returns it, so the hash recomputes from the stored row.
    case 'user':
      return { actorType: 'user', actorId: actor.userId.toLowerCase() };
    case 'partner':
      return { actorType: 'partner', actorId: actor.partnerId.toLowerCase() };
    case 'system':
      return { actorType: 'system', actorId: null };
    case 'public':
    case 'anonymous':
      return { actorType: 'public', actorId: null };
  }
}
