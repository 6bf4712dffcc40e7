import { Logger, type INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { AuditKeys, type AuditStoredCheckpoint } from '@mc/security';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import {
  AUDIT_CHECKPOINT_LOG_MESSAGE,
  AuditCheckpointHandler,
  createWorkerApp,
  DEFAULT_WORKER_SETTINGS,
  REPEATABLE_SCHEDULES,
} from '@mc/worker';

/*
 * The worker's signed audit checkpoints, and what /audit/verify makes of them when rows are cut
 * off the end of the chain (issue 9, item 8). A database of this file alone: the test deletes
 * audit rows with triggers off, as someone with the database superuser would.
 */
describe('audit checkpoints (worker) and truncation (API)', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_auditcp');
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: { token: string };
  const logSpy = vi.spyOn(Logger.prototype, 'log');

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    db = api.app.get(DataSource);
    admin = await api.userWithRole('admin');
  });

  afterAll(async () => {
    logSpy.mockRestore();
    await worker?.close();
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  function checkpointLines(): Array<{ auditCheckpoint: Record<string, unknown> }> {
    return logSpy.mock.calls
      .filter((call) => call[1] === AUDIT_CHECKPOINT_LOG_MESSAGE)
      .map((call) => call[0] as { auditCheckpoint: Record<string, unknown> });
  }

  it('is a repeatable schedule that also runs at worker start', async () => {
    expect(REPEATABLE_SCHEDULES).toContainEqual({
      id: 'audit-checkpoint',
      job: 'audit.checkpoint',
      everyMs: 5 * 60_000,
      runAtStart: true,
    });
    expect(REPEATABLE_SCHEDULES.every((s) => !s.id.includes(':'))).toBe(true);
    // The start-up run, through Redis and the worker.
    await waitFor(
      async () => ((await db.query(`SELECT count(*)::int AS n FROM audit_checkpoints`)) as [{ n: number }])[0].n,
      (n) => n > 0,
    );
  });

  it('writes a signed checkpoint row of the head and logs the same facts as one info line', async () => {
    const before = checkpointLines().length;
    await worker.get(AuditCheckpointHandler).handle();
    const [row] = (await db.query(
      `SELECT id, at, head_seq::text AS "headSeq", head_id AS "headId", head_hash AS "headHash",
              row_count::text AS "rowCount", signature
         FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`,
    )) as AuditStoredCheckpoint[];
    const [head] = (await db.query(
      `SELECT seq::text AS seq, id, hash, (SELECT count(*)::text FROM audit_events) AS count
         FROM audit_events ORDER BY seq DESC LIMIT 1`,
    )) as Array<{ seq: string; id: string; hash: string; count: string }>;
    expect(row).toMatchObject({ headSeq: head!.seq, headId: head!.id, headHash: head!.hash, rowCount: head!.count });
    const keys = AuditKeys.fromMasterKey(api.config.masterKey);
    expect(keys.checkpointSignatureValid(row!, row!.signature)).toBe(true);

    const lines = checkpointLines();
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toEqual({
      auditCheckpoint: {
        id: row!.id,
        at: new Date(row!.at).toISOString(),
        headSeq: head!.seq,
        headId: head!.id,
        headHash: head!.hash,
        rowCount: head!.count,
        signature: row!.signature,
      },
    });

    const verify = await api.get('/api/v1/audit/verify', { token: admin.token });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenId: null, problem: null, checkpoint: { id: row!.id } });
  });

  it('shows the last rows deleted after a checkpoint as truncated', async () => {
    const [cp] = (await db.query(`SELECT head_seq::text AS head FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`)) as [
      { head: string },
    ];
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('SET session_replication_role = replica');
      expect(cp.head).not.toBeNull();
      await qr.query(`DELETE FROM audit_events WHERE seq >= $1::bigint - 1`, [cp.head]);
    } finally {
      await qr.query('RESET session_replication_role');
      await qr.release();
    }
    const verify = await api.get('/api/v1/audit/verify', { token: admin.token });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: false, problem: 'truncated', firstBrokenId: null });
  });
});
