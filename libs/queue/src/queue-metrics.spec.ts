import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { queueConnectionOptions } from './queue-options.js';
import { registerQueueMetrics } from './queue-metrics.js';

describe('queue metrics', () => {
  const queue = new Queue(
    'maintenance',
    queueConnectionOptions(
      { redisUrl: inject('redisUrl'), redisPrefix: `${inject('redisPrefix')}-metrics` },
      'producer',
    ),
  );
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('reports jobs per queue and state at scrape time', async () => {
    const registry = new Registry();
    registerQueueMetrics(registry, [queue]);
    await queue.add('queue.probe', { probeId: 'a' });
    await queue.add('queue.probe', { probeId: 'b' }, { delay: 60_000 });
    const text = await registry.metrics();
    expect(text).toContain('mc_queue_jobs{queue="maintenance",state="waiting"} 1');
    expect(text).toContain('mc_queue_jobs{queue="maintenance",state="delayed"} 1');
    expect(text).toContain('mc_queue_jobs{queue="maintenance",state="active"} 0');
    expect(text).toContain('mc_queue_jobs{queue="maintenance",state="failed"} 0');
  });
});
