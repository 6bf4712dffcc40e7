import { randomBytes } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildDataSourceOptions } from '@mc/database';
import { queueConnectionOptions } from '../queue-options.js';
import { DeadLetter } from './dead-letter.entity.js';
import { DeadLetterService, isFinalFailure } from './dead-letter.service.js';

describe('dead letters', () => {
  const config = { redisUrl: inject('redisUrl'), redisPrefix: `${inject('redisPrefix')}-deadletters` };
  const queueName = `throwaway-${randomBytes(3).toString('hex')}`;
  let dataSource: DataSource;
  let service: DeadLetterService;
  let queue: Queue;
  let worker: Worker;
  const failures: Array<{ job: Job | undefined; error: Error; recorded: boolean }> = [];
  const waiters: Array<() => void> = [];

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: inject('databaseUrl'), entities: [DeadLetter], poolSize: 2 }),
    );
    await dataSource.initialize();
    service = new DeadLetterService(dataSource.getRepository(DeadLetter));
    queue = new Queue(queueName, queueConnectionOptions(config, 'producer'));
    worker = new Worker(
      queueName,
      async (job: Job) => {
        if (job.data.mode === 'unrecoverable') throw new UnrecoverableError(`row ${job.data.rowId} is gone`);
        throw new Error(`could not reach partner for delivery ${job.data.rowId}`);
      },
      { ...queueConnectionOptions(config, 'worker') },
    );
    worker.on('failed', (job, error) => {
      void service.recordIfFinal(queueName, job, error).then((row) => {
        failures.push({ job, error, recorded: row !== null });
        waiters.splice(0).forEach((wake) => wake());
      });
    });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await dataSource?.destroy();
  });

  async function failuresOf(jobId: string, count: number): Promise<typeof failures> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const mine = failures.filter((f) => f.job?.id === jobId);
      if (mine.length >= count) return mine;
      if (Date.now() > deadline) throw new Error(`only ${mine.length} failure(s) of ${jobId}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  it('writes a dead letter only after the last attempt failed', async () => {
    const rowId = randomBytes(4).toString('hex');
    await queue.add('webhook.deliver', { rowId }, { jobId: `job-${rowId}`, attempts: 2, backoff: 0 });
    const [first, second] = await failuresOf(`job-${rowId}`, 2);
    expect(first!.recorded).toBe(false);
    expect(second!.recorded).toBe(true);
    const rows = await service.findByJob(queueName, `job-${rowId}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      queue: queueName,
      jobName: 'webhook.deliver',
      jobId: `job-${rowId}`,
      data: { rowId },
      error: `could not reach partner for delivery ${rowId}`,
      attempts: 2,
    });
    expect(rows[0]!.failedAt).toBeInstanceOf(Date);
  });

  it('writes a dead letter at once for an UnrecoverableError, whatever attempts remain', async () => {
    const rowId = randomBytes(4).toString('hex');
    await queue.add('reminder.fire', { rowId, mode: 'unrecoverable' }, { jobId: `job-${rowId}`, attempts: 5 });
    const [only] = await failuresOf(`job-${rowId}`, 1);
    expect(only!.recorded).toBe(true);
    const rows = await service.findByJob(queueName, `job-${rowId}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ attempts: 1, error: `row ${rowId} is gone` });
  });

  it('treats a failure with attempts left as not final', () => {
    expect(isFinalFailure({ attemptsMade: 1, opts: { attempts: 5 } }, new Error('x'))).toBe(false);
    expect(isFinalFailure({ attemptsMade: 5, opts: { attempts: 5 } }, new Error('x'))).toBe(true);
    expect(isFinalFailure({ attemptsMade: 1, opts: {} }, new Error('x'))).toBe(true);
  });
});
