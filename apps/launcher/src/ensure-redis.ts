import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join, resolve as resolvePath } from 'node:path';
import { Redis } from 'ioredis';
import type { AppConfig } from '@mc/config';
import { errorMessage, findFreePort, OutputTail, waitUntil, withTimeout } from './port-probe.js';

export interface EnsureRedisOptions {
  /** Where to look for a local Redis when REDIS_URL is unset; tests point it at a closed port. */
  readonly defaultUrl?: string;
  /** Name (looked up on PATH) or path of the server binary. */
  readonly binary?: string;
  readonly startTimeoutMs?: number;
}

export interface RunningRedis {
  readonly url: string;
  /** Stops a Redis the launcher spawned; a no-op otherwise. */
  readonly stop: () => Promise<void>;
}

const noop = async () => {};

/** Finds a usable Redis: REDIS_URL, else one on localhost:6379, else a spawned local redis-server. */
export async function ensureRedis(
  config: AppConfig,
  log: (msg: string) => void,
  options: EnsureRedisOptions = {},
): Promise<RunningRedis> {
  if (config.redisUrlConfigured) {
    const problem = await pingProblem(config.redisUrl);
    if (problem) throw new Error(`REDIS_URL (${describeUrl(config.redisUrl)}) does not answer PING: ${problem}`);
    log(`Redis: using REDIS_URL (${describeUrl(config.redisUrl)})`);
    return { url: config.redisUrl, stop: noop };
  }
  const localUrl = options.defaultUrl ?? config.redisUrl;
  if ((await pingProblem(localUrl)) === undefined) {
    log(`Redis: using the local server (${describeUrl(localUrl)})`);
    return { url: localUrl, stop: noop };
  }
  const binary = findExecutable(options.binary ?? 'redis-server');
  if (!binary) {
    throw new Error(
      `Redis is not running on ${describeUrl(localUrl)} and no redis-server is on PATH: ` +
        `install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL`,
    );
  }
  return spawnRedis(binary, localUrl, config.dataDir, log, options.startTimeoutMs ?? 15_000);
}

/** undefined when the server answers PONG, else why not (one line, no credentials). */
async function pingProblem(url: string, timeoutMs = 2_000): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // One attempt: the caller decides what to do when nothing answers.
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? undefined : `unexpected reply ${reply}`;
  } catch (error) {
    return errorMessage(error).split('\n')[0];
  } finally {
    client.disconnect();
  }
}

async function spawnRedis(
  binary: string,
  localUrl: string,
  dataDir: string,
  log: (msg: string) => void,
  timeoutMs: number,
): Promise<RunningRedis> {
  const { host, port: preferred } = hostAndPort(localUrl);
  const port = await findFreePort('127.0.0.1', preferred);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`Redis: nothing answers on ${host}:${preferred}; starting ${binary} on 127.0.0.1:${port}`);

  // noeviction: BullMQ must never have job keys evicted. No persistence: this server is a laptop
  // convenience that lives as long as the launcher; use REDIS_URL when queued jobs must survive.
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir];
  args.push('--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes');
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  // If the launcher dies without calling stop(), do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `redis://127.0.0.1:${port}`;
  const exited = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
  const ready = await waitUntil(async () => (await pingProblem(url, 500)) === undefined, timeoutMs, exited);
  if (!ready) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    const reason = spawnError?.message ?? output.reason(/#|error|Error|denied|in use/) ?? 'no output';
    throw new Error(`redis-server did not start on 127.0.0.1:${port}: ${reason}`);
  }
  log(`Redis: started on 127.0.0.1:${port} (stopped with the launcher)`);
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= stopChild(child).finally(() => {
      process.removeListener('exit', killOnExit);
    }));
  return { url, stop };
}

/** SIGTERM, then SIGKILL if Redis has not exited after a few seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  try {
    await withTimeout(exit, 5_000, 'stopping redis-server');
  } catch {
    child.kill('SIGKILL');
    await exit;
  }
}

function findExecutable(nameOrPath: string): string | undefined {
  const candidates = nameOrPath.includes('/')
    ? [resolvePath(nameOrPath)]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, nameOrPath));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function hostAndPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379) };
}

/** host:port, never the password. */
function describeUrl(url: string): string {
  const { host, port } = hostAndPort(url);
  return `${host}:${port}`;
}
