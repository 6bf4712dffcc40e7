import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type AppConfig } from '@mc/config';

/**
 * Configuration of one test app: the run's database, its own Redis key prefix (so rate limits
 * and queues of different test files never meet), the run's master key (the audit chain of the
 * run database is keyed with it) and a temp data dir.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const prefix = `${inject('redisPrefix')}-${randomBytes(3).toString('hex')}`;
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: prefix,
    MASTER_KEY: inject('masterKey'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-test-')),
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
