import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JobProducer } from '@mc/queue';
import { purgeExpiredIdempotencyKeys } from '@mc/security';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS, REPEATABLE_SCHEDULES } from '@mc/worker';

/** `idempotency.purge`: expired Idempotency-Key rows go on a schedule, not only when their key comes back. */
describe('idempotency.purge', () => {
  let api: TestApi;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;

  // A database of this file alone: the purge deletes every expired row it finds.
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_idem_purge');

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    ds = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  const insertRows = async (prefix: string, count: number, expiresIn: string): Promise<void> => {
    await ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, resource_type, resource_id, created_at, expires_at)
       SELECT 'user:test:POST /api/v1/workers', $1 || g, repeat('0', 64), 201, 'worker', gen_random_uuid(),
              now() - interval '1 day', now() + $3::interval
         FROM generate_series(1, $2) g`,
      [prefix, count, expiresIn],
    );
  };
  const counts = async (): Promise<{ expired: number; live: number }> => {
    const [row] = await ds.query(
      `SELECT count(*) FILTER (WHERE expires_at <= now())::int AS expired,
              count(*) FILTER (WHERE expires_at > now())::int AS live FROM idempotency_keys`,
    );
    return row;
  };

  it('is one of the repeatable schedules, run at worker start and every 10 minutes', () => {
    expect(REPEATABLE_SCHEDULES).toContainEqual({
      id: 'idempotency-purge',
      job: 'idempotency.purge',
      everyMs: 10 * 60_000,
      runAtStart: true,
    });
  });

  it('deletes in batches, only expired rows, and finds nothing left on a second run', async () => {
    await insertRows('direct-expired-', 25, '-1 second');
    await insertRows('direct-live-', 3, '1 hour');
    expect(await purgeExpiredIdempotencyKeys(ds, { batchSize: 10, maxBatches: 2 })).toEqual({
      deleted: 20,
      capped: true,
    });
    expect(await purgeExpiredIdempotencyKeys(ds, { batchSize: 10 })).toEqual({ deleted: 5, capped: false });
    expect(await purgeExpiredIdempotencyKeys(ds, { batchSize: 10 })).toEqual({ deleted: 0, capped: false });
    expect(await counts()).toEqual({ expired: 0, live: 3 });
  });

  it('runs in the worker: at start, and as a job', async () => {
    await insertRows('start-expired-', 2_500, '-1 second');
    expect((await counts()).expired).toBe(2_500);
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    await waitFor(counts, (c) => c.expired === 0, 15_000);

    await insertRows('job-expired-', 40, '-1 second');
    await api.app.get(JobProducer).enqueue('idempotency.purge', {});
    expect(await waitFor(counts, (c) => c.expired === 0, 15_000)).toEqual({ expired: 0, live: 3 });
  });
});
