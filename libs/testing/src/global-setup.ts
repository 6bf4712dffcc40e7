import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  randomTestDatabaseName,
  testServerUrl,
} from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
    /** One MASTER_KEY (base64) for every app of the run, as one deployment has one key. */
    masterKey: string;
  }
}

/**
 * One migrated database and one Redis key prefix per `npm test` run; both are removed at the end,
 * so runs never see each other's rows or jobs and the shared services stay clean.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = testServerUrl();
  const name = randomTestDatabaseName();
  const databaseUrl = await createDatabase(serverUrl, name);
  try {
    await migrateDatabase(databaseUrl);
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisPrefix = `mctest${randomBytes(4).toString('hex')}`;
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('redisPrefix', redisPrefix);
  // Apps sharing the run database must share the key: the audit chain of that database is keyed
  // with it (HMAC), so rows written under one key do not verify under another.
  project.provide('masterKey', randomBytes(32).toString('base64'));

  return async () => {
    await dropDatabase(serverUrl, name);
    await deleteKeys(redisUrl, `${redisPrefix}*`);
  };
}

export async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
