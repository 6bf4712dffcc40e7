import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '@mc/config';
import { withDatabase } from '@mc/database';
import { ensurePostgres } from '../../apps/launcher/src/ensure-postgres.js';
import { ensureRedis } from '../../apps/launcher/src/ensure-redis.js';
import { findFreePort, isPortOpen } from '../../apps/launcher/src/port-probe.js';
import { dropDatabase, randomTestDatabaseName, testServerUrl } from '../../libs/testing/src/test-database.js';

// `npm start` on a bare laptop (and on these root-run machines): the launcher finds or starts
// Postgres and Redis. Every case uses its own ports and temp directories; nothing shared is touched.

function config(dataDir: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MASTER_KEY: randomBytes(32).toString('base64'), ...env });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A port nothing listens on, so "is there a local server?" answers no. */
const closedPort = () => findFreePort('127.0.0.1', 0);

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mc-launcher-'));
  // mkdtemp makes 0700; as root the embedded Postgres runs as the OS user postgres, which must reach it.
  chmodSync(dataDir, 0o755);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('ensurePostgres', () => {
  it('starts an embedded server when nothing answers, and reuses its data on the next start', async () => {
    const logs: string[] = [];
    const options = {
      defaultUrl: `postgres://postgres@127.0.0.1:${await closedPort()}/migrant_collective`,
      embeddedPort: await closedPort(),
    };
    const first = await ensurePostgres(config(dataDir), (m) => logs.push(m), options);
    const port = Number(new URL(first.url).port);
    try {
      const [row] = await query<{ db: string; enc: string }>(
        first.url,
        `SELECT current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()`,
      );
      expect(row).toEqual({ db: 'migrant_collective', enc: 'UTF8' });
      await query(first.url, 'CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await query(first.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('Ўзбекистон')`);
      if (process.getuid?.() === 0) expect(statSync(join(dataDir, 'postgres')).uid).not.toBe(0);
      expect(logs.join('\n')).toMatch(/initialising embedded data/);
    } finally {
      await first.stop();
    }
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);

    logs.length = 0;
    const second = await ensurePostgres(config(dataDir), (m) => logs.push(m), options);
    try {
      expect(logs.join('\n')).toMatch(/reusing the embedded data/);
      expect(await query(second.url, 'SELECT upper(v) AS v FROM kept')).toEqual([{ v: 'ЎЗБЕКИСТОН' }]);
      // No credentials in what the launcher prints.
      expect(logs.join('\n')).not.toContain(new URL(second.url).password);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('creates the database named in DATABASE_URL when it is missing', async () => {
    const server = testServerUrl();
    const name = randomTestDatabaseName('mc_launcher');
    try {
      const url = withDatabase(server, name);
      const pgres = await ensurePostgres(config(dataDir, { DATABASE_URL: url }), () => {});
      expect(pgres.url).toBe(url);
      expect(await query(url, 'SELECT current_database() AS db')).toEqual([{ db: name }]);
      await pgres.stop();
    } finally {
      await dropDatabase(server, name);
    }
  });

  it('uses a server that answers on the default URL, creating the database', async () => {
    const server = testServerUrl();
    const name = randomTestDatabaseName('mc_launcher');
    try {
      const defaultUrl = withDatabase(server, name);
      const pgres = await ensurePostgres(config(dataDir), () => {}, { defaultUrl });
      expect(pgres.url).toBe(defaultUrl);
      expect(await query(defaultUrl, 'SELECT current_database() AS db')).toEqual([{ db: name }]);
    } finally {
      await dropDatabase(server, name);
    }
  });

  it('fails with one line when DATABASE_URL does not answer', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await closedPort()}/x`;
    const error = await ensurePostgres(config(dataDir, { DATABASE_URL: url }), () => {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/DATABASE_URL .*is not usable/);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('ensureRedis', () => {
  it('spawns redis-server when nothing answers, and stop() ends it', async () => {
    const logs: string[] = [];
    const defaultUrl = `redis://127.0.0.1:${await closedPort()}`;
    const redis = await ensureRedis(config(dataDir), (m) => logs.push(m), { defaultUrl });
    const port = Number(new URL(redis.url).port);
    try {
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await client.ping()).toBe('PONG');
        expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
        expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      } finally {
        client.disconnect();
      }
    } finally {
      await redis.stop();
    }
    expect(await isPortOpen('127.0.0.1', port)).toBe(false);
    expect(logs.join('\n')).toMatch(/started on 127\.0\.0\.1/);
  }, 60_000);

  it('says in one line how to get Redis when there is no binary', async () => {
    const defaultUrl = `redis://127.0.0.1:${await closedPort()}`;
    const error = await ensureRedis(config(dataDir), () => {}, { defaultUrl, binary: 'mc-no-such-redis-server' }).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(/apt-get install redis-server.*REDIS_URL/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('fails with one line when REDIS_URL does not answer', async () => {
    const url = `redis://:secret@127.0.0.1:${await closedPort()}`;
    const error = await ensureRedis(config(dataDir, { REDIS_URL: url }), () => {}).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^REDIS_URL \(127\.0\.0\.1:\d+\) does not answer PING/);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).not.toContain('secret');
  });

  it('uses a Redis that answers on the default URL without starting one', async () => {
    const defaultUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redis = await ensureRedis(config(dataDir), () => {}, { defaultUrl, binary: 'mc-no-such-redis-server' });
    expect(redis.url).toBe(defaultUrl);
    await redis.stop();
  });
});
