import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { QUEUE_NAMES, queueConnectionOptions } from '@mc/queue';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';

/*
 * A schedule marked runAtStart runs once when a worker starts: on a fresh Redis (BullMQ runs a new
 * scheduler at once) as after a restart (the scheduler is there and waits its interval). The
 * audit checkpoint is such a schedule and leaves one row per run, so its rows count the runs.
 * A database of this file alone, so no other file's worker adds rows.
 */
describe('ScheduleKeeper start-up runs', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_schedules');
  let api: TestApi;
  let db: DataSource;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    db = api.app.get(DataSource);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  const checkpointRuns = async () =>
    ((await db.query(`SELECT count(*)::int AS n FROM audit_checkpoints`)) as [{ n: number }])[0].n;

  /** Waits for `expected` runs, then a while longer, to see that no second one follows. */
  async function expectRuns(expected: number): Promise<void> {
    await waitFor(checkpointRuns, (n) => n >= expected);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await checkpointRuns()).toBe(expected);
  }

  it('runs once at the first start, when the schedulers are new', async () => {
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    await expectRuns(1);
  });

  it('runs once again at a restart, when the schedulers are already in Redis', async () => {
    await worker!.close();
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    await expectRuns(2);
  });

  it('removes a retired schedule (outbox.relay moved off outreach) and leaves one it does not know alone', async () => {
    await worker!.close();
    worker = undefined;
    const outreach = new Queue(QUEUE_NAMES.outreach, queueConnectionOptions(api.config, 'producer'));
    try {
      // What an earlier release left in Redis: the relay's scheduler on the outreach queue.
      await outreach.upsertJobScheduler('outbox-relay', { every: 2_000 }, { name: 'outbox.relay', data: {} });
      expect(await outreach.getJobScheduler('outbox-relay')).toBeDefined();
      // What a newer release may have added during a rolling deploy: not this build's to remove.
      await outreach.upsertJobScheduler(
        'from-a-newer-release',
        { every: 3_600_000 },
        { name: 'webhook.deliver', data: {} },
      );
      worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
      await waitFor(
        async () => (await outreach.getJobScheduler('outbox-relay')) === undefined,
        (gone) => gone,
      );
      expect(await outreach.getJobScheduler('from-a-newer-release')).toBeDefined();
      await outreach.removeJobScheduler('from-a-newer-release');
      const outbox = new Queue(QUEUE_NAMES.outbox, queueConnectionOptions(api.config, 'producer'));
      try {
        expect(await outbox.getJobScheduler('outbox-relay')).toBeDefined();
      } finally {
        await outbox.close();
      }
    } finally {
      await outreach.close();
    }
  });
});
