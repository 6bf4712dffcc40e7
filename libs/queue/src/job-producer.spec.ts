import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { QUEUE_NAMES, type QueueName } from './job-catalogue.js';
import { InvalidJobError, JobProducer, QueueUnavailableError } from './job-producer.js';
import { DEFAULT_JOB_OPTIONS, queueConnectionOptions } from './queue-options.js';

describe('JobProducer', () => {
  const config = { redisUrl: inject('redisUrl'), redisPrefix: `${inject('redisPrefix')}-producer` };
  let queue: Queue;
  let producer: JobProducer;

  beforeAll(() => {
    queue = new Queue(QUEUE_NAMES.maintenance, {
      ...queueConnectionOptions(config, 'producer'),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    producer = new JobProducer(new Map<QueueName, Queue>([[QUEUE_NAMES.maintenance, queue]]));
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it.each(['probe:1', 'a:b:c', ':', 'probe-1:'])('refuses the job id %j because it contains a colon', async (jobId) => {
    await expect(producer.enqueue('queue.probe', { probeId: 'x' }, { jobId })).rejects.toThrow(InvalidJobError);
    await expect(producer.enqueue('queue.probe', { probeId: 'x' }, { jobId })).rejects.toThrow(/must not contain ':'/);
  });

  it('refuses integer job ids and empty ones', async () => {
    await expect(producer.enqueue('queue.probe', { probeId: 'x' }, { jobId: '42' })).rejects.toThrow(InvalidJobError);
    await expect(producer.enqueue('queue.probe', { probeId: 'x' }, { jobId: '' })).rejects.toThrow(InvalidJobError);
  });

  it('refuses payload fields that are not ids', async () => {
    const data = { probeId: { name: 'someone' } } as unknown as { probeId: string };
    await expect(producer.enqueue('queue.probe', data)).rejects.toThrow(/must be an id/);
  });

  it('puts the job on the queue of the catalogue with the default retry options', async () => {
    const job = await producer.enqueue('queue.probe', { probeId: 'p1' }, { jobId: 'probe-p1', delayMs: 60_000 });
    expect(job.queueName).toBe('maintenance');
    expect(job.opts).toMatchObject({ attempts: 5, backoff: { type: 'exponential' }, delay: 60_000 });
    expect(await job.getState()).toBe('delayed');
  });

  it('adds a job with the same deterministic id only once', async () => {
    const first = await producer.enqueue('queue.probe', { probeId: 'p2' }, { jobId: 'probe-p2', delayMs: 60_000 });
    const second = await producer.enqueue('queue.probe', { probeId: 'p2' }, { jobId: 'probe-p2', delayMs: 60_000 });
    expect(second.id).toBe(first.id);
    const delayed = await queue.getDelayed();
    expect(delayed.filter((j) => j.id === 'probe-p2')).toHaveLength(1);
  });

  it('fails fast with QueueUnavailableError when Redis does not answer', async () => {
    const dead = new Queue(QUEUE_NAMES.maintenance, {
      ...queueConnectionOptions({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: config.redisPrefix }, 'producer'),
    });
    dead.on('error', () => undefined);
    const unreachable = new JobProducer(new Map<QueueName, Queue>([[QUEUE_NAMES.maintenance, dead]]), {
      timeoutMs: 500,
    });
    const started = Date.now();
    try {
      await expect(unreachable.enqueue('queue.probe', { probeId: 'p3' })).rejects.toThrow(QueueUnavailableError);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await dead.close();
    }
  });
});
