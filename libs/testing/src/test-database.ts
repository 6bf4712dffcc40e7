import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, withDatabase } from '@mc/database';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The server tests create their databases on; never the application's own database. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function randomTestDatabaseName(prefix = 'mc_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

async function withAdminClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Migration classes loaded from the TypeScript sources, so a test run needs no build step
 * to see a new migration. Runtime processes use the compiled ones.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function loadSourceMigrations(): Promise<Function[]> {
  const dir = join(repoRoot, 'migrations');
  const files = readdirSync(dir)
    .filter((f) => /^\d+-.+\.ts$/.test(f))
    .sort();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const classes: Function[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
      if (typeof value === 'function') classes.push(value as Function);
    }
  }
  return classes;
}

/** Applies every migration to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const ds = new DataSource(buildDataSourceOptions({ url, entities: [], migrations: await loadSourceMigrations() }));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
