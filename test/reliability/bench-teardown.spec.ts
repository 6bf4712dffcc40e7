import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { benchServerUrl, createBenchEnvironment } from '../../bench/lib/env.mjs';

// `npm run bench -- --quick` is a CI step: a crash in a scenario's teardown turns CI red although
// every figure passed. These run the bench's own environment against the real Postgres and Redis.

const admin = new pg.Client({ connectionString: benchServerUrl() });
admin.on('error', () => {});
let adminConnected = false;

async function databaseExists(name: string): Promise<boolean> {
  if (!adminConnected) {
    await admin.connect();
    adminConnected = true;
  }
  const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rows.length > 0;
}

async function keysUnder(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    return (await redis.keys(`${prefix}*`)).length;
  } finally {
    redis.disconnect();
  }
}

afterAll(async () => {
  if (adminConnected) await admin.end();
});

describe('bench environment teardown', () => {
  it('drops the database while the pool had busy connections, without an unhandled pool error', async () => {
    // Several rounds: the crash was a race between pg-pool's closing sockets and DROP ... FORCE.
    for (let round = 0; round < 5; round++) {
      const env = await createBenchEnvironment();
      try {
        // A pool without an 'error' listener takes Node down when the server ends a connection.
        expect(env.pool.listenerCount('error')).toBeGreaterThan(0);
        await Promise.all([1, 2, 3, 4].map(() => env.pool.query('SELECT pg_sleep(0.02)')));
        expect(env.pool.totalCount).toBe(4);
      } finally {
        await env.teardown();
      }
      expect(await databaseExists(env.databaseName)).toBe(false);
    }
  });

  it('still drops the database and deletes the keys when a closer fails', async () => {
    const env = await createBenchEnvironment();
    const redis = new Redis(env.redisUrl);
    await redis.set(`${env.redisPrefix}:probe`, '1');
    redis.disconnect();
    env.defer(() => {
      throw new Error('closer failed');
    });
    const leaked = new pg.Client({ connectionString: env.databaseUrl });
    leaked.on('error', () => {});
    await leaked.connect();
    env.defer(() => leaked.end());

    await expect(env.teardown()).rejects.toThrow(/1 problem/);
    expect(await databaseExists(env.databaseName)).toBe(false);
    expect(await keysUnder(env.redisUrl, env.redisPrefix)).toBe(0);
    // Safe to call twice (run.mjs's finally and a signal handler may both do it).
    await env.teardown();
  });
});
