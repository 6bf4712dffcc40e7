import type { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '@mc/database';
import { DeadLetterService, JobProducer, probeJobId } from '@mc/queue';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';

describe('queue probe, end to end (API → Redis → worker → Postgres)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let admin: { token: string };

  // A database of this file alone: the worker started here also runs the reminder relay and the
  // deadline sweep, which must not act on other files' steps in the shared test database.
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_probe');

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    // Same config, so the same Redis prefix: the worker consumes what this API enqueues.
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    admin = await api.userWithRole('admin');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  it('accepts a probe with 202, and the worker marks it done', async () => {
    const created = await api.post('/api/v1/admin/queue-probes', { holdMs: 0 }, { token: admin.token });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ id: expect.any(String), status: 'queued' });

    let probe: { status: string; processedAt: string | null; createdAt: string } | undefined;
    const deadline = Date.now() + 10_000;
    do {
      await sleep(100);
      probe = (await api.get(`/api/v1/admin/queue-probes/${created.body.id}`, { token: admin.token })).body;
    } while (probe?.status !== 'done' && Date.now() < deadline);
    expect(probe).toMatchObject({
      id: created.body.id,
      status: 'done',
      processedAt: expect.any(String),
      createdAt: expect.any(String),
    });
  });

  it('validates holdMs and answers an unknown probe with 404', async () => {
    const tooLong = await api.post('/api/v1/admin/queue-probes', { holdMs: 30_001 }, { token: admin.token });
    expect(tooLong.status).toBe(400);
    const notInt = await api.post('/api/v1/admin/queue-probes', { holdMs: 1.5 }, { token: admin.token });
    expect(notInt.status).toBe(400);
    const missing = await api.get('/api/v1/admin/queue-probes/0190d6f4-6b1e-7c3a-9b7e-2f1d3c4b5a69', {
      token: admin.token,
    });
    expect(missing.status).toBe(404);
    const badId = await api.get('/api/v1/admin/queue-probes/not-a-uuid', { token: admin.token });
    expect(badId.status).toBe(400);
  });

  it('is for admins only', async () => {
    const coordinator = await api.userWithRole('coordinator');
    expect((await api.post('/api/v1/admin/queue-probes', {}, { token: coordinator.token })).status).toBe(403);
    expect((await api.post('/api/v1/admin/queue-probes', {})).status).toBe(401);
  });

  it('dead-letters a probe job whose row does not exist, without retrying it', async () => {
    const probeId = newId();
    const jobId = probeJobId(probeId);
    await api.app.get(JobProducer).enqueue('queue.probe', { probeId }, { jobId });
    const deadLetters = worker.get(DeadLetterService);
    let rows = await deadLetters.findByJob('maintenance', jobId);
    for (const deadline = Date.now() + 10_000; rows.length === 0 && Date.now() < deadline;) {
      await sleep(100);
      rows = await deadLetters.findByJob('maintenance', jobId);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      queue: 'maintenance',
      jobName: 'queue.probe',
      data: { probeId },
      attempts: 1,
      error: `queue probe ${probeId} does not exist`,
    });
  });
});
