import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { InvalidCursorError, keysetPage, newId } from '@mc/database';
import type { AnyActor, RequestMeta } from '../access/actor.js';
import {
  AUDIT_CHAIN_V2,
  AUDIT_GENESIS_HASH,
  AuditChainWalker,
  AuditKeys,
  decodeAuditCursor,
  encodeAuditCursor,
  normaliseAuditDetails,
  type AuditDetails,
  type AuditChainProblem,
  type AuditHashInput,
  type AuditStoredCheckpoint,
} from './audit-chain.js';
import { AuditEvent } from './audit-event.entity.js';
import { actorColumns } from './actor-columns.js';

/** Who did it (every kind of AnyActor). A request's `anonymous` actor is recorded as `public`. */
export type AuditActor = AnyActor;

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
  /** The first row that fails; null when all is well or nothing row-specific is wrong (truncation). */
  firstBrokenId: string | null;
  /** What is wrong; null when ok. */
  problem: AuditChainProblem | null;
  /** Rows of the unkeyed chain version 1 (written before the keyed chain). */
  legacyRows: number;
  /** The newest checkpoint the chain was held against; null when none was written yet. */
  checkpoint: AuditCheckpointSummary | null;
}

/** A checkpoint without its signature: ids, hashes and counts, no personal data. */
export interface AuditCheckpointSummary {
  id: string;
  at: string;
  headSeq: string | null;
  headId: string | null;
  headHash: string | null;
  rowCount: string;
}

/** Injection token of the `AuditKeys` derived from the master key (see AuditModule). */
export const AUDIT_KEYS = Symbol('AUDIT_KEYS');

/**
 * Key of the transaction-scoped advisory lock that serialises appends to the chain
 * ("mcaudt" in ASCII, so it does not meet the small keys other services use).
 */
export const AUDIT_CHAIN_LOCK = 0x6d63_6175_6474;

const VERIFY_BATCH = 1000;

/**
 * The client address an audit row keeps: staff's (who did what from where), never a migrant's on
 * the intake or status page or in the bot. The log is insert-only and outlives erasure, and an
 * address next to a complaint id is a way to the person who filed it.
 */
function auditedIp(entry: AuditEntry): string | null {
  if (entry.actor.kind === 'public' || entry.actor.kind === 'bot') return null;
  return entry.meta?.ip ?? null;
}

@Injectable()
export class AuditService {
  /** Entries held back per open transaction (its query runner) by `deferUntilEnd`. */
  private readonly deferred = new WeakMap<object, AuditEntry[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {}

  /**
   * Runs `work` in the transaction of `manager` with every `record` on that manager held back
   * and appended, in order, when `work` is done. The rows still commit with the change, but the
   * chain lock (one for the whole log) is taken at the end instead of at the first audited write,
   * so a long multi-record transaction (the public intake: worker, employer, complaint) holds it
   * for the last few statements only and concurrent writers do not queue behind the rest.
   */
  async deferUntilEnd<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('deferUntilEnd needs a transaction');
    // Nested: the outermost call appends.
    if (this.deferred.has(runner)) return work();
    const held: AuditEntry[] = [];
    this.deferred.set(runner, held);
    try {
      const result = await work();
      this.deferred.delete(runner);
      await this.appendAll(held, manager);
      return result;
    } finally {
      this.deferred.delete(runner);
    }
  }

  /**
   * Appends one row to the chain. With a `manager` inside a transaction the row is written in
   * that transaction, so an audited change and its audit row commit (or roll back) together;
   * the chain lock is then held until that transaction ends, so keep such transactions short.
   * Without one (or outside a transaction) the row gets a transaction of its own.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const held = manager?.queryRunner ? this.deferred.get(manager.queryRunner) : undefined;
    if (held) {
      if (!entry.action) throw new Error('An audit entry needs an action');
      held.push(entry);
      return;
    }
    if (manager?.queryRunner?.isTransactionActive) {
      await this.append(entry, manager);
    } else {
      await (manager ?? this.db.manager).transaction((tx) => this.append(entry, tx));
    }
  }

  private append(entry: AuditEntry, manager: EntityManager): Promise<void> {
    return this.appendAll([entry], manager);
  }

  /** Appends `entries` in order under one chain lock, as one INSERT. */
  private async appendAll(entries: readonly AuditEntry[], manager: EntityManager): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) if (!entry.action) throw new Error('An audit entry needs an action');
    const prepared = entries.map((entry) => ({ entry, details: normaliseAuditDetails(entry.details) }));

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
    let prevHash = last?.hash ?? AUDIT_GENESIS_HASH;

    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const { entry, details } of prepared) {
      const { actorType, actorId } = actorColumns(entry.actor);
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
        ip: auditedIp(entry),
        details,
      };
      const hash = this.keys.rowMac(prevHash, row);
      const base = values.length;
      const at = (column: number) => `$${base + column}`;
      const columns = Array.from({ length: 13 }, (_, i) => (i === 9 ? `${at(i + 1)}::jsonb` : at(i + 1)));
      tuples.push(`(${columns.join(', ')})`);
      values.push(
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
        AUDIT_CHAIN_V2,
      );
      prevHash = hash;
    }
    // One statement: `seq` (identity) follows the order of the rows, which is the chain's order.
    await manager.query(
      `INSERT INTO "audit_events" ("id", "at", "actor_type", "actor_id", "action", "entity_type", "entity_id",
                                   "request_id", "ip", "details", "prev_hash", "hash", "chain_version")
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** Newest first; filters combine with AND. */
  async list(filters: AuditFilters, page: AuditPageRequest): Promise<AuditPage> {
    const after = page.cursor === undefined ? undefined : decodeAuditCursor(page.cursor);
    if (after === null) throw new InvalidCursorError('The cursor is not valid');
    const qb = this.db.getRepository(AuditEvent).createQueryBuilder('e');
    if (filters.entityType !== undefined) qb.andWhere('e.entityType = :entityType', { entityType: filters.entityType });
    if (filters.entityId !== undefined) qb.andWhere('e.entityId = :entityId', { entityId: filters.entityId });
    if (filters.actorId !== undefined) qb.andWhere('e.actorId = :actorId', { actorId: filters.actorId });
    if (filters.from !== undefined) qb.andWhere('e.at >= :from', { from: filters.from });
    if (filters.to !== undefined) qb.andWhere('e.at < :to', { to: filters.to });
    return keysetPage(qb, { key: 'e.seq', order: 'DESC', limit: page.limit, after }, (last) =>
      encodeAuditCursor(last.seq),
    );
  }

  /**
   * Writes a signed checkpoint of the chain's current head (last committed row and the number of
   * rows up to it) and returns it. Head and count come from one statement, so one snapshot; no
   * chain lock is needed, since rows commit in seq order under that lock.
   */
  async checkpoint(): Promise<AuditStoredCheckpoint> {
    const [head] = (await this.db.query(
      `SELECT h."seq"::text AS "seq", h."id", h."hash",
              (SELECT count(*) FROM "audit_events" e WHERE e."seq" <= h."seq")::text AS "count"
         FROM (SELECT "seq", "id", "hash" FROM "audit_events" ORDER BY "seq" DESC LIMIT 1) h`,
    )) as Array<{ seq: string; id: string; hash: string; count: string }>;
    const payload = {
      id: newId(),
      at: new Date(),
      headSeq: head?.seq ?? null,
      headId: head?.id ?? null,
      headHash: head?.hash ?? null,
      rowCount: head?.count ?? '0',
    };
    const signature = this.keys.signCheckpoint(payload);
    await this.db.query(
      `INSERT INTO "audit_checkpoints" ("id", "at", "head_seq", "head_id", "head_hash", "row_count", "signature")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [payload.id, payload.at, payload.headSeq, payload.headId, payload.headHash, payload.rowCount, signature],
    );
    return { ...payload, signature };
  }

  /** The newest checkpoint, or null. */
  async latestCheckpoint(): Promise<AuditStoredCheckpoint | null> {
    const [row] = (await this.db.query(
      `SELECT "id", "at", "head_seq"::text AS "head_seq", "head_id", "head_hash", "row_count"::text AS "row_count",
              "signature"
         FROM "audit_checkpoints" ORDER BY "seq" DESC LIMIT 1`,
    )) as Array<{
      id: string;
      at: Date;
      head_seq: string | null;
      head_id: string | null;
      head_hash: string | null;
      row_count: string;
      signature: string;
    }>;
    if (!row) return null;
    return {
      id: row.id,
      at: row.at,
      headSeq: row.head_seq,
      headId: row.head_id,
      headHash: row.head_hash,
      rowCount: row.row_count,
      signature: row.signature,
    };
  }

  /**
   * Walks the whole chain in seq order (keyset batches), recomputing every hash (HMAC for
   * version 2) and checking that every row points at its predecessor. An edited row fails its own
   * hash, and rehashing it needs the key; a deleted, inserted or reordered row breaks the next
   * link. Then holds the chain against the newest signed checkpoint: its head row must still be
   * there with the same hash and count, so rows cut off the end (or a chain rebuilt from some row
   * on) show. Stops at the first problem.
   */
  async verify(): Promise<AuditVerification> {
    const checkpoint = await this.latestCheckpoint();
    const walker = new AuditChainWalker(this.keys, checkpoint);
    let afterSeq = '0';
    while (!walker.broken) {
      const rows = (await this.db.query(
        `SELECT "id", "seq"::text AS "seq_text", "at", "at" <> date_trunc('milliseconds', "at") AS "sub_ms",
                "actor_type", "actor_id", "action", "entity_type", "entity_id", "request_id", "ip", "details",
                "prev_hash", "hash", "chain_version"
           FROM "audit_events" WHERE "seq" > $1 ORDER BY "seq" ASC LIMIT $2`,
        [afterSeq, VERIFY_BATCH],
      )) as ChainRow[];
      for (const row of rows) {
        const fed = walker.feed({
          seq: row.seq_text,
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
          prevHash: row.prev_hash,
          hash: row.hash,
          chainVersion: row.chain_version,
          subMillisecond: row.sub_ms,
        });
        if (!fed) break;
      }
      if (rows.length < VERIFY_BATCH) break;
      afterSeq = rows[rows.length - 1]!.seq_text;
    }
    return { ...walker.result(), checkpoint: checkpoint && summarise(checkpoint) };
  }
}

function summarise(checkpoint: AuditStoredCheckpoint): AuditCheckpointSummary {
  return {
    id: checkpoint.id,
    at: new Date(checkpoint.at).toISOString(),
    headSeq: checkpoint.headSeq,
    headId: checkpoint.headId,
    headHash: checkpoint.headHash,
    rowCount: checkpoint.rowCount,
  };
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
  chain_version: number;
}
