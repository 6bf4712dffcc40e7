import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '@mc/database';
import {
  bullPrefix,
  InvalidJobError,
  JOB_QUEUE,
  JobProducer,
  OutboxRelay,
  OutboxService,
  probeJobId,
  QueueProbe,
  QUEUE_NAMES,
  relayNudgeJobId,
  type QueueName,
} from '@mc/queue';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';

describe('transactional outbox', () => {
  // A database of this file alone: workers of other test files relay the outbox of the database
  // they use into their own Redis prefix, so a shared database would lose rows to them.
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_outbox');
  let api: TestApi;
  let db: DataSource;
  let outbox: OutboxService;
  let relay: OutboxRelay;
  let producer: JobProducer;

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    // API only (the producer side): jobs stay in Redis where the test can count them.
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    db = api.app.get(DataSource);
    outbox = api.app.get(OutboxService);
    relay = api.app.get(OutboxRelay);
    producer = api.app.get(JobProducer);
  });

  afterAll(async () => {
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  const queue = (name: QueueName) => producer.queues().find((q) => q.name === name)!;

  async function relayAll(): Promise<number> {
    let total = 0;
    for (let n = await relay.relay(); n > 0; n = await relay.relay()) total += n;
    return total;
  }

  async function outboxRow(id: string): Promise<{ dispatched_at: Date | null } | undefined> {
    const rows: { dispatched_at: Date | null }[] = await db.query(
      `SELECT "dispatched_at" FROM "outbox" WHERE "id" = $1`,
      [id],
    );
    return rows[0];
  }

  it('never turns rows of a rolled-back transaction into jobs', async () => {
    const probeId = newId();
    let rowId = '';
    await expect(
      db.transaction(async (manager) => {
        rowId = await outbox.add(manager, 'queue.probe', { probeId }, { jobId: probeJobId(probeId) });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    await relayAll();
    expect(await outboxRow(rowId)).toBeUndefined();
    expect(await queue(QUEUE_NAMES.maintenance).getJob(probeJobId(probeId))).toBeUndefined();
  });

  it('turns a committed row into one job with its deterministic id, once, and nudges the relay on commit', async () => {
    const probeId = newId();
    const before = relayNudgeJobId();
    const rowId = await db.transaction((manager) =>
      outbox.add(manager, 'queue.probe', { probeId }, { jobId: probeJobId(probeId) }),
    );
    const after = relayNudgeJobId();
    const nudge = await waitFor(
      async () =>
        (await queue(JOB_QUEUE['outbox.relay']).getJob(before)) ??
        (await queue(JOB_QUEUE['outbox.relay']).getJob(after)),
      (job) => job !== undefined,
      5_000,
    );
    expect(nudge?.name).toBe('outbox.relay');

    expect(await relayAll()).toBeGreaterThanOrEqual(1);
    expect((await outboxRow(rowId))?.dispatched_at).toBeInstanceOf(Date);
    const job = await queue(QUEUE_NAMES.maintenance).getJob(probeJobId(probeId));
    expect(job).toMatchObject({ name: 'queue.probe', data: { probeId } });
    expect(await relayAll()).toBe(0);
  });

  it('keeps the delay of a row, counted from its creation', async () => {
    const probeId = newId();
    await db.transaction((manager) =>
      outbox.add(manager, 'queue.probe', { probeId }, { jobId: probeJobId(probeId), delayMs: 60_000 }),
    );
    await relayAll();
    const job = await queue(QUEUE_NAMES.maintenance).getJob(probeJobId(probeId));
    expect(await job?.getState()).toBe('delayed');
    expect(job!.opts.delay).toBeGreaterThan(50_000);
    expect(job!.opts.delay).toBeLessThanOrEqual(60_000);
  });

  it('enqueues every row exactly once when two relays run at the same time', async () => {
    await relayAll();
    const probeIds = Array.from({ length: 60 }, () => newId());
    const rowIds = await db.transaction(async (manager) => {
      const ids: string[] = [];
      for (const probeId of probeIds) ids.push(await outbox.add(manager, 'queue.probe', { probeId }));
      return ids;
    });
    // Count what reaches BullMQ, per job id.
    const enqueued = new Map<string, number>();
    const enqueue = producer.enqueue.bind(producer);
    producer.enqueue = (async (name, data, options) => {
      if (options?.jobId) enqueued.set(options.jobId, (enqueued.get(options.jobId) ?? 0) + 1);
      return enqueue(name, data, options);
    }) as typeof producer.enqueue;
    try {
      const drain = async () => {
        let total = 0;
        for (let n = await relay.relay(7); n > 0; n = await relay.relay(7)) total += n;
        return total;
      };
      const [a, b] = await Promise.all([drain(), drain()]);
      expect(a + b).toBe(60);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
    } finally {
      producer.enqueue = enqueue;
    }
    const expectedJobIds = rowIds.map((id) => `outbox-${id}`);
    expect([...enqueued.keys()].sort()).toEqual([...expectedJobIds].sort());
    expect([...enqueued.values()].every((count) => count === 1)).toBe(true);
    const jobs = await Promise.all(expectedJobIds.map((id) => queue(QUEUE_NAMES.maintenance).getJob(id)));
    expect(jobs.every((job) => job !== undefined)).toBe(true);
  });

  it('refuses payloads that are not ids, job ids with a colon, and unknown jobs', async () => {
    await db.transaction(async (manager) => {
      await expect(
        outbox.add(manager, 'queue.probe', { probeId: { name: 'x' } } as unknown as { probeId: string }),
      ).rejects.toThrow(InvalidJobError);
      await expect(outbox.add(manager, 'queue.probe', { probeId: 'p' }, { jobId: 'a:b' })).rejects.toThrow(
        InvalidJobError,
      );
      await expect(outbox.add(manager, 'no.such.job' as 'queue.probe', { probeId: 'p' })).rejects.toThrow(
        InvalidJobError,
      );
      await expect(outbox.add(manager, 'queue.probe', { probeId: 'p' }, { delayMs: -1 })).rejects.toThrow(
        InvalidJobError,
      );
    });
  });

  it('still relays an undispatched row after Redis lost every job', async () => {
    await relayAll();
    const probeId = newId();
    await db.transaction(async (manager) => {
      await manager.insert(QueueProbe, { id: probeId, status: 'queued', holdMs: 0, requestedBy: null });
      await outbox.add(manager, 'queue.probe', { probeId }, { jobId: probeJobId(probeId) });
    });
    // Redis forgets everything of this test's queues, the commit's nudge included (only this
    // prefix: the Redis server is shared).
    const redis = new Redis(api.config.redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${bullPrefix(api.config.redisPrefix)}:*`,
          'COUNT',
          1000,
        );
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    expect(await queue(JOB_QUEUE['outbox.relay']).getJobCounts()).toMatchObject({ waiting: 0, delayed: 0 });

    // A worker starts: its repeatable relay finds the row in Postgres and the probe gets done.
    let worker: INestApplicationContext | undefined;
    try {
      worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
      const probe = await waitFor(
        () => db.getRepository(QueueProbe).findOneBy({ id: probeId }),
        (row) => row?.status === 'done',
      );
      expect(probe?.status).toBe('done');
    } finally {
      await worker?.close();
    }
  });
});
