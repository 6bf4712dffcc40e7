import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildDataSourceOptions, newId } from '@mc/database';
import {
  DEFAULT_JOB_OPTIONS,
  JobProducer,
  QUEUE_NAMES,
  QueueProbe,
  probeJobId,
  queueConnectionOptions,
  type QueueName,
} from '@mc/queue';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName } from '@mc/testing';

// The worker as production runs it: the compiled `main.js` in its own process (`npm test` builds first).
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workerMain = join(repoRoot, 'apps', 'worker', 'dist', 'main.js');

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: () => number }>;
}

describe('worker process shutdown and crash recovery', () => {
  const redisPrefix = `${inject('redisPrefix')}-shutdown`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    // Set in beforeAll: a database of this file alone (see below).
    DATABASE_URL: '',
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'silent',
    MASTER_KEY: randomBytes(32).toString('base64'),
    // Short locks and stalled checks, so a crashed worker's job is recovered within seconds, not a minute.
    WORKER_LOCK_DURATION_MS: '3000',
    WORKER_STALLED_INTERVAL_MS: '1000',
  };
  let dataSource: DataSource;
  let queue: Queue;
  let producer: JobProducer;
  const started: WorkerProcess[] = [];

  // The workers started here also run the reminder relay and the deadline sweep, which must not
  // act on other files' steps in the shared test database.
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_shutdown');

  beforeAll(async () => {
    env.DATABASE_URL = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(env.DATABASE_URL);
    dataSource = new DataSource(buildDataSourceOptions({ url: env.DATABASE_URL, entities: [QueueProbe], poolSize: 2 }));
    await dataSource.initialize();
    queue = new Queue(QUEUE_NAMES.maintenance, {
      ...queueConnectionOptions({ redisUrl: inject('redisUrl'), redisPrefix }, 'producer'),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    producer = new JobProducer(new Map<QueueName, Queue>([[QUEUE_NAMES.maintenance, queue]]));
  });

  afterEach(() => {
    for (const worker of started.splice(0))
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await dataSource?.destroy();
    await dropDatabase(serverUrl, databaseName);
  });

  function startWorker(): WorkerProcess {
    const child = spawn(process.execPath, [workerMain], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = once(child, 'exit').then(([code, signal]) => {
      const at = Date.now();
      return { code: code as number | null, signal: signal as NodeJS.Signals | null, afterMs: () => at };
    });
    const worker = { child, output: () => output, exit };
    started.push(worker);
    return worker;
  }

  async function createProbe(holdMs: number): Promise<string> {
    const id = newId();
    await dataSource.getRepository(QueueProbe).insert({ id, status: 'queued', holdMs, requestedBy: null });
    await producer.enqueue('queue.probe', { probeId: id }, { jobId: probeJobId(id) });
    return id;
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  const jobState = async (probeId: string) => (await queue.getJob(probeJobId(probeId)))?.getState();
  const probeRow = (id: string) => dataSource.getRepository(QueueProbe).findOneByOrFail({ id });

  it('finishes the active job on SIGTERM, then exits 0 within 10 s', async () => {
    const worker = startWorker();
    const probeId = await createProbe(3_000);
    await until('the probe job to be active', async () => (await jobState(probeId)) === 'active', 20_000);

    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await Promise.race([worker.exit, sleep(10_000).then(() => null)]);
    expect(exit, `worker did not exit within 10 s; output:\n${worker.output()}`).not.toBeNull();
    expect(exit!.code, worker.output()).toBe(0);
    expect(exit!.afterMs() - signalledAt).toBeLessThan(10_000);

    const probe = await probeRow(probeId);
    expect(probe.status).toBe('done');
    expect(probe.processedAt).toBeInstanceOf(Date);
    expect(await jobState(probeId)).toBe('completed');
  });

  it('closes every connection, so the process ends by itself after close()', async () => {
    // No process.exit here: if a pool, socket or timer were left open the script would never end.
    const script = `
      import { loadConfig } from '@mc/config';
      import { createWorkerApp } from '@mc/worker';
      const app = await createWorkerApp(loadConfig());
      await app.close();
      process.exitCode = 0;
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await Promise.race([once(child, 'exit'), sleep(15_000).then(() => null)]);
    if (exit === null) child.kill('SIGKILL');
    expect(exit, `still running after close(): something holds the event loop; output:\n${output}`).not.toBeNull();
    expect(exit![0], output).toBe(0);
  });

  it('lets a second worker finish, exactly once, the job of a worker killed mid-job', async () => {
    const first = startWorker();
    const probeId = await createProbe(4_000);
    await until('the probe job to be active', async () => (await jobState(probeId)) === 'active', 20_000);

    first.child.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');
    const killedAt = Date.now();
    expect((await probeRow(probeId)).status).toBe('queued');

    const second = startWorker();
    const done = await until(
      'the second worker to finish the probe',
      async () => {
        const probe = await probeRow(probeId);
        return probe.status === 'done' ? probe : undefined;
      },
      30_000,
    );
    expect(done.processedAt!.getTime()).toBeGreaterThan(killedAt);

    // The row is written just before BullMQ records the completion.
    await until('the job to be completed', async () => (await jobState(probeId)) === 'completed', 5_000);
    const job = await queue.getJob(probeJobId(probeId));
    // Started twice (once per worker), stalled once, completed once, never failed.
    expect(job!.attemptsStarted).toBe(2);
    expect(job!.stalledCounter).toBe(1);
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason ?? null).toBeNull();

    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
  }, 45_000);
});
