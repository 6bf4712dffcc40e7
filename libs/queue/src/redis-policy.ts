import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@mc/config';

export interface WarningLogger {
  warn(message: string): void;
}

/** The part of a Redis client the check needs (ioredis `call`). */
export interface ConfigCapableRedis {
  call(command: string, ...args: string[]): Promise<unknown>;
}

export type EvictionPolicyResult = 'ok' | 'evicting' | 'unknown';

/**
 * BullMQ keeps jobs, locks and schedules in Redis: under any policy but `noeviction`, Redis drops
 * keys when memory runs out and jobs vanish without a trace. Warns loudly, never throws: a managed
 * Redis may forbid CONFIG, and a worker that refuses to start helps no one.
 */
export async function checkRedisEvictionPolicy(
  redis: ConfigCapableRedis,
  logger: WarningLogger,
): Promise<EvictionPolicyResult> {
  let policy: string | undefined;
  try {
    const reply = await redis.call('CONFIG', 'GET', 'maxmemory-policy');
    if (Array.isArray(reply) && typeof reply[1] === 'string') policy = reply[1];
    else if (reply && typeof reply === 'object' && 'maxmemory-policy' in reply) {
      policy = String((reply as Record<string, unknown>)['maxmemory-policy']);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn('!!! Could not read the Redis maxmemory-policy (CONFIG GET is not allowed or failed).');
    logger.warn(`!!! Reason: ${reason}`);
    logger.warn('!!! Make sure the Redis server runs with maxmemory-policy noeviction, or queued jobs can be lost.');
    return 'unknown';
  }
  if (policy === undefined) {
    logger.warn('!!! Redis did not report a maxmemory-policy; make sure it is noeviction, or queued jobs can be lost.');
    return 'unknown';
  }
  if (policy !== 'noeviction') {
    logger.warn('!!! ===================================================================');
    logger.warn(`!!! Redis maxmemory-policy is "${policy}", not "noeviction".`);
    logger.warn('!!! When Redis runs out of memory it will EVICT queue keys: jobs, locks and');
    logger.warn('!!! delayed reminders disappear silently. Set `maxmemory-policy noeviction`');
    logger.warn('!!! (redis.conf, or CONFIG SET maxmemory-policy noeviction) on this server.');
    logger.warn('!!! ===================================================================');
    return 'evicting';
  }
  return 'ok';
}

/** Runs the eviction-policy check in the background at start, on a short-lived connection. */
@Injectable()
export class RedisPolicyCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RedisPolicyCheck');
  private running?: Promise<unknown>;
  private client?: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    // Not awaited: the start must not wait on Redis; the check only ever warns.
    this.running = this.run().catch((error: unknown) =>
      this.logger.warn(`Redis policy check failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // Only a check still in flight has a connection to cut; a finished one already closed it.
    if (this.client && this.client.status !== 'end') this.client.disconnect();
    await this.running;
  }

  private async run(): Promise<void> {
    const client = new Redis(this.config.redisUrl, {
      lazyConnect: true,
      connectTimeout: 3_000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      connectionName: 'mc-policy-check',
    });
    this.client = client;
    client.on('error', () => undefined);
    try {
      await client.connect();
      await checkRedisEvictionPolicy(client, this.logger);
    } catch (error) {
      await checkRedisEvictionPolicy({ call: () => Promise.reject(error as Error) }, this.logger);
    } finally {
      this.client = undefined;
      await client.quit().catch(() => client.disconnect());
    }
  }
}
