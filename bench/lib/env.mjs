import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '@mc/config';
import { runMigrations, withDatabase } from '@mc/database';
import { deleteKeysWithPrefix } from './redis.mjs';

/** The Postgres server the bench creates its databases on (never the application's own database). */
export function benchServerUrl() {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function benchRedisUrl() {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * A `pg` client or pool without an 'error' listener takes the process down when its server
 * connection is terminated (a DROP DATABASE ... WITH (FORCE), a restart): every one gets a listener
 * that reports the error's code only.
 */
function reportConnectionErrors(emitter, label, quiet = () => false) {
  emitter.on('error', (error) => {
    if (quiet()) return;
    console.error(`bench: ${label}: connection error ${error?.code ?? error?.message ?? error}`);
  });
  return emitter;
}

async function withAdminClient(serverUrl, fn) {
  const client = reportConnectionErrors(
    new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') }),
    'admin connection',
  );
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** How long teardown waits for one closer, and for the database's last connection to go. */
const CLOSE_TIMEOUT_MS = 30_000;
const DISCONNECT_TIMEOUT_MS = 10_000;

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `pool.end()` and a Nest context's close resolve before the server has seen every connection
 * go (pg-pool ends its clients without waiting for their sockets). Dropping the database WITH
 * (FORCE) right then terminates a connection that is still closing; so wait until the server
 * lists none, and only then drop (FORCE stays as the last resort for a leaked one).
 */
async function waitUntilDisconnected(client, databaseName) {
  const deadline = Date.now() + DISCONNECT_TIMEOUT_MS;
  for (;;) {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
      databaseName,
    ]);
    if (rows[0].n === 0 || Date.now() >= deadline) return rows[0].n;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Environments not torn down yet, so a signal or a crash can still clean them up. */
const live = new Set();

/**
 * One scenario's world: a migrated database `mc_bench_<random>`, a Redis key prefix
 * `mc-bench-<random>`, a valid AppConfig pointing at both, and a `pg` pool for seeding and checks.
 * `teardown()` runs the deferred closers (last first), drops the database and deletes the prefix's
 * keys; it is safe to call twice.
 */
export class BenchEnvironment {
  constructor({ serverUrl, redisUrl, databaseName, databaseUrl, redisPrefix, dataDir, appEnvironment, config, pool }) {
    this.serverUrl = serverUrl;
    this.redisUrl = redisUrl;
    this.databaseName = databaseName;
    this.databaseUrl = databaseUrl;
    this.redisPrefix = redisPrefix;
    this.dataDir = dataDir;
    this.appEnvironment = appEnvironment;
    this.config = config;
    this.pool = pool;
    this.closers = [];
    this.tornDown = false;
  }

  /** Registers cleanup (closing a Nest context, a queue, ...) to run before the database is dropped. */
  defer(fn) {
    this.closers.push(fn);
  }

  /**
   * A key prefix under this environment's own (so teardown removes its keys too) for things that
   * must not share the app's queues, such as a bare BullMQ baseline.
   */
  subPrefix(label) {
    return `${this.redisPrefix}-${label}`;
  }

  async teardown() {
    if (this.tornDown) return;
    this.tornDown = true;
    live.delete(this);
    const problems = [];
    // Each step runs whatever the one before did: a hung or failed closer must not leave the
    // database, the Redis keys or the next scenario's machine share behind.
    for (const close of this.closers.reverse()) {
      try {
        await withTimeout(Promise.resolve().then(close), CLOSE_TIMEOUT_MS, 'a scenario closer');
      } catch (error) {
        problems.push(error);
      }
    }
    try {
      await withTimeout(this.pool.end(), CLOSE_TIMEOUT_MS, 'closing the bench pool');
    } catch (error) {
      problems.push(error);
    }
    try {
      await withAdminClient(this.serverUrl, async (c) => {
        await waitUntilDisconnected(c, this.databaseName);
        await c.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`);
      });
    } catch (error) {
      problems.push(error);
    }
    try {
      await deleteKeysWithPrefix(this.redisUrl, this.redisPrefix);
    } catch (error) {
      problems.push(error);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    if (problems.length > 0) {
      throw new AggregateError(problems, `bench teardown of ${this.databaseName} had ${problems.length} problem(s)`);
    }
  }
}

/** Creates and migrates a fresh database and picks a fresh Redis prefix. */
export async function createBenchEnvironment(options = {}) {
  const serverUrl = benchServerUrl();
  const redisUrl = benchRedisUrl();
  const id = randomBytes(4).toString('hex');
  const databaseName = `mc_bench_${id}`;
  const redisPrefix = `mc-bench-${id}`;
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE "${databaseName}"`));
  const databaseUrl = withDatabase(serverUrl, databaseName);
  const dataDir = mkdtempSync(join(tmpdir(), 'mc-bench-'));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'mc-bench' });
  // Once teardown has begun, a terminated connection is expected and not worth a line.
  let env;
  reportConnectionErrors(pool, `pool of ${databaseName}`, () => env?.tornDown === true);
  // The variables, not only the parsed config: a scenario that starts the API or the worker as its
  // own process (as production runs them) hands these to the child.
  const appEnvironment = Object.freeze({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    MASTER_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  const config = loadConfig(appEnvironment);
  env = new BenchEnvironment({
    serverUrl,
    redisUrl,
    databaseName,
    databaseUrl,
    redisPrefix,
    dataDir,
    appEnvironment,
    config,
    pool,
  });
  live.add(env);
  try {
    await runMigrations(databaseUrl);
  } catch (error) {
    await env.teardown().catch(() => {});
    throw error;
  }
  return env;
}

/** Tears down whatever is still live (used on SIGINT/SIGTERM and after an unexpected crash). */
export async function teardownAll() {
  for (const env of [...live]) {
    try {
      await env.teardown();
    } catch (error) {
      console.error(`bench: cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
