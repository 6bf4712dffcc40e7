import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

export const QUEUE_METRIC_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** A scrape must answer even when Redis does not. */
const SCRAPE_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * `mc_queue_jobs{queue,state}`, read from Redis at scrape time (no polling between scrapes).
 * A queue Redis cannot answer for is left out of that scrape rather than reported as zero.
 */
export function registerQueueMetrics(registry: Registry, queues: readonly Queue[]): Gauge<'queue' | 'state'> {
  return new Gauge({
    name: 'mc_queue_jobs',
    help: 'Jobs per queue and state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          try {
            const counts = await withTimeout(queue.getJobCounts(...QUEUE_METRIC_STATES), SCRAPE_TIMEOUT_MS);
            for (const state of QUEUE_METRIC_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis unavailable: no sample for this queue in this scrape.
          }
        }),
      );
    },
  });
}
