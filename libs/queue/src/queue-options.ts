import type { DefaultJobOptions, QueueOptions } from 'bullmq';
import type { AppConfig } from '@mc/config';
import { bullJobOptions, STANDARD_JOB_POLICY } from './job-catalogue.js';

/**
 * Who holds the connection. Workers block on Redis and must wait it out when it goes away
 * (`maxRetriesPerRequest: null`, a BullMQ requirement); producers (the API) should fail a request
 * quickly instead of queueing commands forever.
 */
export type QueueRole = 'producer' | 'worker';

/** Commands a producer retries across reconnects before the call fails. */
export const PRODUCER_MAX_RETRIES_PER_REQUEST = 2;

/**
 * The queues' defaults, for a job added without the producer (a retry or an add on the board):
 * the standard policy of the catalogue. The producer passes each job's own options
 * (`jobOptionsOf`), so a job with a policy of its own never falls back to these.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = Object.freeze(bullJobOptions(STANDARD_JOB_POLICY));

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
