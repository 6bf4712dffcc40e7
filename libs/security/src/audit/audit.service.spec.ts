import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { InvalidCursorError, buildDataSourceOptions, newId } from '@mc/database';
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  randomTestDatabaseName,
  testServerUrl,
} from '../../../testing/src/test-database.js';
import { AUDIT_CHAIN_V1, AUDIT_CHAIN_V2, AUDIT_GENESIS_HASH, AuditKeys, computeAuditHash } from './audit-chain.js';
import { AuditCheckpoint } from './audit-checkpoint.entity.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditService, type AuditEntry } from './audit.service.js';

async function openDataSource(url: string): Promise<DataSource> {
  const ds = new DataSource(
    buildDataSourceOptions({ url, entities: [AuditEvent, AuditCheckpoint], applicationName: 'mc-audit-spec' }),
  );
  await ds.initialize();
  return ds;
}

function entry(entityId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { actor: { kind: 'system' }, action: 'test.event', entityType: 'audit_spec', entityId, ...overrides };
}

/** All rows of one entity, oldest first. */
async function rowsOf(ds: DataSource, entityId: string): Promise<AuditEvent[]> {
  return ds.getRepository(AuditEvent).find({ where: { entityId }, order: { seq: 'ASC' } });
}

/** The keys of the run's master key: every app writing to the run database uses that key. */
function runKeys(): AuditKeys {
  return AuditKeys.fromMasterKey(Buffer.from(inject('masterKey'), 'base64'));
}

describe('AuditService (run database)', () => {
  let ds: DataSource;
  let audit: AuditService;
  const keys = runKeys();

  beforeAll(async () => {
    ds = await openDataSource(inject('databaseUrl'));
    audit = new AuditService(ds, keys);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('matches the migration (no schema drift for AuditEvent)', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('records rows that chain and verify', async () => {
    const entityId = newId();
    const userId = newId();
    const sessionId = newId();
    await audit.record(entry(entityId, { action: 'user.create', details: { role: 'caseworker' } }));
    await audit.record(
      entry(entityId, {
        actor: { kind: 'user', userId, role: 'admin', sessionId },
        action: 'user.update',
        meta: { requestId: 'req-abcdefgh', ip: '192.0.2.7' },
        details: { fields: ['role'], nested: { n: 1.5, big: 1e21, neg: -0.000001, flag: false, none: null } },
      }),
    );
    await audit.record(entry(entityId, { actor: { kind: 'public' }, action: 'auth.login_failed' }));
    await audit.record(entry(entityId, { actor: { kind: 'anonymous' }, action: 'intake.submit' }));
    const partnerId = newId();
    await audit.record(entry(entityId, { actor: { kind: 'partner', partnerId }, action: 'worker.read' }));

    const rows = await rowsOf(ds, entityId);
    expect(rows.map((r) => [r.actorType, r.actorId, r.action])).toEqual([
      ['system', null, 'user.create'],
      ['user', userId, 'user.update'],
      ['public', null, 'auth.login_failed'],
      ['public', null, 'intake.submit'],
      ['partner', partnerId, 'worker.read'],
    ]);
    expect(rows[1]).toMatchObject({ requestId: 'req-abcdefgh', ip: '192.0.2.7', entityType: 'audit_spec' });
    expect(rows[0]!.details).toEqual({ role: 'caseworker' });
    for (const row of rows) {
      expect(row.chainVersion).toBe(AUDIT_CHAIN_V2);
      expect(row.hash).toBe(keys.rowMac(row.prevHash, row));
      expect(row.hash).not.toBe(computeAuditHash(row.prevHash, row));
      expect(row.at.getTime() % 1).toBe(0);
    }

    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, checked: expect.any(Number), firstBrokenId: null, problem: null });
    expect(result.checked).toBeGreaterThanOrEqual(rows.length);
  });

  it('writes in the caller transaction: rolled back with it, committed with it', async () => {
    const entityId = newId();
    await expect(
      ds.transaction(async (manager) => {
        await audit.record(entry(entityId, { action: 'test.rolled_back' }), manager);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await rowsOf(ds, entityId)).toHaveLength(0);

    await ds.transaction(async (manager) => {
      await audit.record(entry(entityId, { action: 'test.committed' }), manager);
      // visible inside the transaction before commit
      expect(await manager.countBy(AuditEvent, { entityId })).toBe(1);
    });
    expect((await rowsOf(ds, entityId)).map((r) => r.action)).toEqual(['test.committed']);
    // a manager outside a transaction gets a transaction of its own
    await audit.record(entry(entityId, { action: 'test.plain_manager' }), ds.manager);
    expect(await rowsOf(ds, entityId)).toHaveLength(2);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('deferUntilEnd appends the held entries in order at the end of the work, in the same transaction', async () => {
    const entityId = newId();
    await ds.transaction(async (manager) => {
      await audit.deferUntilEnd(manager, async () => {
        await audit.record(entry(entityId, { action: 'test.first' }), manager);
        // Nested: still held, the outer call appends.
        await audit.deferUntilEnd(manager, () => audit.record(entry(entityId, { action: 'test.second' }), manager));
        // Held back: nothing written (and no chain lock taken) yet.
        expect(await manager.countBy(AuditEvent, { entityId })).toBe(0);
        const locks = await manager.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
        );
        expect(locks[0].n).toBe(0);
      });
      expect(await manager.countBy(AuditEvent, { entityId })).toBe(2);
    });
    expect((await rowsOf(ds, entityId)).map((r) => r.action)).toEqual(['test.first', 'test.second']);

    // Work that fails writes nothing, and the transaction's later records are not held any more.
    await expect(
      ds.transaction(async (manager) => {
        await audit
          .deferUntilEnd(manager, async () => {
            await audit.record(entry(entityId, { action: 'test.failed' }), manager);
            throw new Error('abort');
          })
          .catch(() => undefined);
        await audit.record(entry(entityId, { action: 'test.after' }), manager);
        expect(await manager.countBy(AuditEvent, { entityId })).toBe(3);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(audit.deferUntilEnd(ds.manager, async () => 1)).rejects.toThrow(/needs a transaction/);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('refuses to write under REPEATABLE READ (stale snapshot would fork the chain)', async () => {
    const entityId = newId();
    await expect(
      ds.transaction('REPEATABLE READ', (manager) => audit.record(entry(entityId), manager)),
    ).rejects.toThrow(/READ COMMITTED/);
    expect(await rowsOf(ds, entityId)).toHaveLength(0);
  });

  it('keeps one chain under 30 concurrent writers', async () => {
    const entityId = newId();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? ds.transaction((manager) => audit.record(entry(entityId, { details: { i } }), manager))
          : audit.record(entry(entityId, { details: { i } })),
      ),
    );
    const rows = await rowsOf(ds, entityId);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(30);
    expect(new Set(rows.map((r) => (r.details as { i: number }).i)).size).toBe(30);
    expect(await audit.verify()).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('rejects details that are not a JSON object', async () => {
    await expect(audit.record(entry(newId(), { details: ['x'] as never }))).rejects.toThrow(TypeError);
  });

  describe('list', () => {
    const entityId = newId();
    const otherEntityId = newId();
    const actorId = newId();
    let ids: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 5; i++) {
        await audit.record(
          entry(entityId, {
            actor:
              i % 2 === 0 ? { kind: 'user', userId: actorId, role: 'admin', sessionId: newId() } : { kind: 'system' },
            details: { i },
          }),
        );
      }
      await audit.record(
        entry(otherEntityId, { actor: { kind: 'user', userId: actorId, role: 'admin', sessionId: newId() } }),
      );
      ids = (await rowsOf(ds, entityId)).map((r) => r.id);
    });

    it('filters by entity, newest first', async () => {
      const page = await audit.list({ entityType: 'audit_spec', entityId }, { limit: 50 });
      expect(page.items.map((e) => e.id)).toEqual([...ids].reverse());
      expect(page.nextCursor).toBeNull();
      expect((await audit.list({ entityType: 'other', entityId }, { limit: 50 })).items).toEqual([]);
    });

    it('filters by actor', async () => {
      const page = await audit.list({ actorId }, { limit: 50 });
      expect(page.items.map((e) => e.entityId)).toEqual([otherEntityId, entityId, entityId, entityId]);
      expect(page.items.every((e) => e.actorId === actorId)).toBe(true);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const rows = await rowsOf(ds, entityId);
      const from = rows[1]!.at;
      const to = rows[3]!.at;
      const page = await audit.list({ entityId, from, to }, { limit: 50 });
      const expected = rows.filter((r) => r.at >= from && r.at < to).map((r) => r.id);
      expect(page.items.map((e) => e.id)).toEqual(expected.reverse());
      expect(page.items.length).toBeGreaterThanOrEqual(1);
      expect((await audit.list({ entityId, from: new Date(Date.now() + 60_000) }, { limit: 50 })).items).toEqual([]);
    });

    it('pages with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await audit.list({ entityId }, { limit: 2, cursor });
        seen.push(...page.items.map((e) => e.id));
        expect(page.items.length).toBeLessThanOrEqual(2);
        cursor = page.nextCursor ?? undefined;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
    });

    it('refuses a cursor that is not one of ours', async () => {
      await expect(audit.list({ entityId }, { limit: 2, cursor: 'bm90LWEtc2Vx' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });
});

/** Everything that tampers with the chain runs in a database of its own, dropped afterwards. */
describe('AuditService tamper detection (own database)', () => {
  const serverUrl = testServerUrl();
  const name = randomTestDatabaseName('mc_test_audit');
  let ds: DataSource;
  let audit: AuditService;
  let rows: AuditEvent[];
  const keys = AuditKeys.fromMasterKey(randomBytes(32));
  const intact = { ok: true, checked: 5, firstBrokenId: null, problem: null, legacyRows: 0 };

  /** Runs SQL on one dedicated connection with triggers off (what an attacker with superuser would do). */
  async function bypass(...statements: Array<[string, unknown[]?]>): Promise<void> {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET session_replication_role = replica');
      for (const [sql, params] of statements) await qr.query(sql, params);
    } finally {
      await qr.query('RESET session_replication_role');
      await qr.release();
    }
  }

  beforeAll(async () => {
    const url = await createDatabase(serverUrl, name);
    await migrateDatabase(url);
    ds = await openDataSource(url);
    audit = new AuditService(ds, keys);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(serverUrl, name);
  });

  beforeEach(async () => {
    await bypass(['TRUNCATE audit_events'], ['TRUNCATE audit_checkpoints']);
    const entityId = newId();
    for (let i = 0; i < 5; i++) await audit.record(entry(entityId, { details: { i } }));
    rows = await rowsOf(ds, entityId);
    expect(await audit.verify()).toEqual({ ...intact, checkpoint: null });
  });

  it('starts the chain from the genesis hash and links every row to its predecessor', () => {
    expect(rows[0]!.prevHash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });

  it('refuses UPDATE, DELETE and TRUNCATE without the bypass', async () => {
    await expect(
      ds.query(`UPDATE audit_events SET details = '{"i": 99}' WHERE id = $1`, [rows[2]!.id]),
    ).rejects.toThrow(/insert-only: UPDATE refused/);
    await expect(ds.query(`DELETE FROM audit_events WHERE id = $1`, [rows[2]!.id])).rejects.toThrow(
      /insert-only: DELETE refused/,
    );
    await expect(ds.query(`TRUNCATE audit_events`)).rejects.toThrow(/insert-only: TRUNCATE refused/);
    expect(await audit.verify()).toMatchObject(intact);
  });

  it('detects edited details', async () => {
    await bypass([`UPDATE audit_events SET details = '{"i": 99}' WHERE id = $1`, [rows[2]!.id]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 3, firstBrokenId: rows[2]!.id });
  });

  it('detects an edited timestamp', async () => {
    await bypass([`UPDATE audit_events SET at = at + interval '1 millisecond' WHERE id = $1`, [rows[1]!.id]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenId: rows[1]!.id });
  });

  it('refuses a sub-millisecond timestamp, and detects one when the check is gone', async () => {
    const microsecond = `UPDATE audit_events SET at = at + interval '1 microsecond' WHERE id = $1`;
    await expect(bypass([microsecond, [rows[1]!.id]])).rejects.toThrow(/chk_audit_events_at_ms/);
    await bypass(['ALTER TABLE audit_events DROP CONSTRAINT chk_audit_events_at_ms'], [microsecond, [rows[1]!.id]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenId: rows[1]!.id });
  });

  it('detects an edited row whose own hash was recomputed without the key (the next link breaks)', async () => {
    const forged = { ...rows[2]!, details: { i: 99 } };
    const hash = keys.rowMac(forged.prevHash, forged);
    await bypass([`UPDATE audit_events SET details = '{"i": 99}', hash = $2 WHERE id = $1`, [rows[2]!.id, hash]]);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 4,
      firstBrokenId: rows[3]!.id,
      problem: 'broken-link',
    });
  });

  it('detects a row rewritten with every later hash recomputed by the old unkeyed function', async () => {
    await rewriteFrom(2, { details: { i: 99 } }, AUDIT_CHAIN_V2);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenId: rows[2]!.id,
      problem: 'hash-mismatch',
    });
  });

  it('detects the same rewrite relabelled as unkeyed legacy rows (a downgrade)', async () => {
    await rewriteFrom(2, { details: { i: 99 } }, AUDIT_CHAIN_V1);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenId: rows[2]!.id,
      problem: 'bad-version',
    });
  });

  it('detects the whole chain rewritten as legacy rows against a checkpoint', async () => {
    await audit.checkpoint();
    await rewriteFrom(0, { details: { i: 99 } }, AUDIT_CHAIN_V1);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenId: rows[4]!.id,
      problem: 'rewritten',
    });
  });

  it('writes a signed checkpoint of the head, and an unmodified chain verifies against it', async () => {
    const checkpoint = await audit.checkpoint();
    expect(checkpoint).toMatchObject({
      headSeq: rows[4]!.seq,
      headId: rows[4]!.id,
      headHash: rows[4]!.hash,
      rowCount: '5',
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(keys.checkpointSignatureValid(checkpoint, checkpoint.signature)).toBe(true);
    await audit.record(entry(newId()));
    const result = await audit.verify();
    expect(result).toEqual({
      ...intact,
      checked: 6,
      checkpoint: {
        id: checkpoint.id,
        at: new Date(checkpoint.at).toISOString(),
        headSeq: rows[4]!.seq,
        headId: rows[4]!.id,
        headHash: rows[4]!.hash,
        rowCount: '5',
      },
    });
  });

  it('detects the last rows deleted after a checkpoint (truncation)', async () => {
    await audit.checkpoint();
    await bypass([`DELETE FROM audit_events WHERE seq >= $1`, [rows[3]!.seq]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 3, firstBrokenId: null, problem: 'truncated' });
  });

  it('detects a checkpoint edited without the key', async () => {
    await audit.checkpoint();
    await bypass([
      `UPDATE audit_checkpoints SET row_count = 3, head_seq = $1, head_id = $2, head_hash = $3`,
      [rows[2]!.seq, rows[2]!.id, rows[2]!.hash],
    ]);
    expect(await audit.verify()).toMatchObject({ ok: false, problem: 'checkpoint-forged' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of checkpoints without the bypass', async () => {
    await audit.checkpoint();
    await expect(ds.query(`UPDATE audit_checkpoints SET row_count = 0`)).rejects.toThrow(
      /audit_checkpoints is insert-only: UPDATE refused/,
    );
    await expect(ds.query(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/insert-only: DELETE refused/);
    await expect(ds.query(`TRUNCATE audit_checkpoints`)).rejects.toThrow(/insert-only: TRUNCATE refused/);
  });

  it('still verifies rows written under the unkeyed scheme before the keyed ones', async () => {
    // What the migration leaves: old rows relabelled version 1 with their old hashes, then new rows.
    await rewriteFrom(0, {}, AUDIT_CHAIN_V1);
    const legacyHead = await ds.getRepository(AuditEvent).find({ order: { seq: 'DESC' }, take: 1 });
    await audit.record(entry(newId()));
    const [transition] = await ds.getRepository(AuditEvent).find({ order: { seq: 'DESC' }, take: 1 });
    expect(transition).toMatchObject({ chainVersion: AUDIT_CHAIN_V2, prevHash: legacyHead[0]!.hash });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 6, legacyRows: 5, problem: null });
  });

  /**
   * Edits row `index` and re-chains it and every later row with the OLD unkeyed function
   * (`computeAuditHash`), labelled `version`: what someone with write access but not the key can do.
   */
  async function rewriteFrom(index: number, edit: Partial<AuditEvent>, version: number): Promise<void> {
    const current = await ds.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
    let prevHash = index === 0 ? AUDIT_GENESIS_HASH : current[index - 1]!.hash;
    const statements: Array<[string, unknown[]]> = [];
    for (let i = index; i < current.length; i++) {
      const row = i === index ? { ...current[i]!, ...edit } : current[i]!;
      const hash = computeAuditHash(prevHash, row);
      statements.push([
        `UPDATE audit_events SET details = $2::jsonb, prev_hash = $3, hash = $4, chain_version = $5 WHERE id = $1`,
        [row.id, JSON.stringify(row.details), prevHash, hash, version],
      ]);
      prevHash = hash;
    }
    await bypass(...statements);
  }

  it('detects a deleted row', async () => {
    await bypass([`DELETE FROM audit_events WHERE id = $1`, [rows[1]!.id]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenId: rows[2]!.id });
  });

  it('detects reordered rows', async () => {
    // Swap the contents of seq 2 and 3 (seq itself is GENERATED ALWAYS).
    const [a, b] = [rows[1]!, rows[2]!];
    const swap = `UPDATE audit_events SET id = $2, at = $3, details = $4, prev_hash = $5, hash = $6 WHERE seq = $1`;
    await bypass(
      [`UPDATE audit_events SET id = $1 WHERE seq = $2`, [newId(), a.seq]],
      [swap, [b.seq, a.id, a.at, JSON.stringify(a.details), a.prevHash, a.hash]],
      [swap, [a.seq, b.id, b.at, JSON.stringify(b.details), b.prevHash, b.hash]],
    );
    const reordered = await ds.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
    expect(reordered.map((r) => r.id)).toEqual([rows[0]!.id, b.id, a.id, rows[3]!.id, rows[4]!.id]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenId: b.id });
  });

  it('walks chains longer than one batch', async () => {
    const entityId = newId();
    const values = Array.from({ length: 1200 }, () => ({ id: newId() }));
    // Build valid rows directly (fast), continuing the chain.
    let prevHash = rows[rows.length - 1]!.hash;
    const start = Date.now();
    const inserts = values.map((v, i) => {
      const row = {
        id: v.id,
        at: new Date(start + i),
        actorType: 'system' as const,
        actorId: null,
        action: 'test.bulk',
        entityType: 'audit_spec',
        entityId,
        requestId: null,
        ip: null,
        details: { i },
      };
      const hash = keys.rowMac(prevHash, row);
      const full = { ...row, prevHash, hash, chainVersion: AUDIT_CHAIN_V2 };
      prevHash = hash;
      return full;
    });
    for (let i = 0; i < inserts.length; i += 300) {
      await ds.getRepository(AuditEvent).insert(inserts.slice(i, i + 300));
    }
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 1205, firstBrokenId: null });
    await bypass([`UPDATE audit_events SET action = 'test.forged' WHERE id = $1`, [inserts[1100]!.id]]);
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 1106, firstBrokenId: inserts[1100]!.id });
  });
});
