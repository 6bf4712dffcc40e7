import type { DefaultJobOptions, QueueOptions } from 'bullmq';
import type { AppConfig } from '@mc/config';

/**
 * Who holds the connection. Workers block on Redis and must wait it out when it goes away
 * (`maxRetriesPerRequest: null`, a BullMQ requirement); producers (the API) should fail a request
 * quickly instead of queueing commands forever.
 */
export type QueueRole = 'producer' | 'worker';

/** Commands a producer retries across reconnects before the call fails. */
export const PRODUCER_MAX_RETRIES_PER_REQUEST = 2;

/**
 * Retries with exponential backoff (1 s, 2 s, 4 s, 8 s) then the job fails for good and lands in
 * `dead_letters`. Finished jobs are trimmed by age and count so Redis doesn't grow without bound;
 * Postgres keeps the durable record.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = Object.freeze({
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 14 * 24 * 3600, count: 10_000 },
});

/** Every BullMQ key of a process lives under its Redis prefix, so test runs can remove theirs. */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}:bull`;
}

export function queueConnectionOptions(
  config: Pick<AppConfig, 'redisUrl' | 'redisPrefix'>,
  role: QueueRole,
): QueueOptions {
  return {
    connection: {
      url: config.redisUrl,
      maxRetriesPerRequest: role === 'worker' ? null : PRODUCER_MAX_RETRIES_PER_REQUEST,
    },
    prefix: bullPrefix(config.redisPrefix),
  };
}
