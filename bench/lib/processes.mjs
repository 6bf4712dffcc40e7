/*
 * The API and the worker as production runs them: each its own `node apps/<app>/dist/main.js`
 * process (Dockerfile, docker-compose.yml), configured only through environment variables. A
 * scenario that measures HTTP must not share its event loop with the load generator, so the
 * process under test is a child; its output goes to a log file in the environment's data
 * directory, and the tail is quoted when it fails to start or exits early.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = {
  api: join(repoRoot, 'apps', 'api', 'dist', 'main.js'),
  worker: join(repoRoot, 'apps', 'worker', 'dist', 'main.js'),
};
const STOP_TIMEOUT_MS = 15_000;

/** A TCP port nobody listens on right now (the kernel's pick; released before the child binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tailOf(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts `app` ('api' | 'worker') with the bench environment's variables plus `extraEnv`, working
 * directory the environment's data directory (so no `.env` of the checkout is read). `stop()`
 * (also registered with `env.defer`) sends SIGTERM and waits for the exit, SIGKILL after 15 s.
 */
export function startAppProcess(env, app, { extraEnv = {}, nodeArgs = [], label = app } = {}) {
  const logFile = join(env.dataDir, `${label}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [...nodeArgs, MAIN[app]], {
    cwd: env.dataDir,
    // Only what the app needs: the bench's own shell may hold a DATABASE_URL or PORT for something else.
    env: { PATH: process.env.PATH ?? '', ...env.appEnvironment, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exit = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  let stopping = false;
  const handle = {
    app,
    pid: child.pid,
    logFile,
    get exit() {
      return exit;
    },
    exited,
    /** The last lines the process wrote. */
    tail: (lines) => tailOf(logFile, lines),
    /** The whole log so far. */
    output: () => tailOf(logFile, Number.MAX_SAFE_INTEGER),
    async stop() {
      if (!stopping && exit === null) {
        stopping = true;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await exited;
      await new Promise((resolve) => log.end(resolve));
      return exit;
    },
  };
  env.defer(() => handle.stop());
  return handle;
}

/**
 * Starts the API on a free port of 127.0.0.1 and waits until GET /health answers 200 (Postgres and
 * Redis reachable, routes mounted). Returns the process handle and its base URL.
 */
export async function startApi(env, { extraEnv = {}, nodeArgs = [], readyTimeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startAppProcess(env, 'api', {
    nodeArgs,
    extraEnv: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...extraEnv },
  });
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (api.exit !== null) {
      throw new Error(`the API exited during start-up (${JSON.stringify(api.exit)}):\n${api.tail()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) {
      await api.stop();
      throw new Error(`the API did not become healthy within ${readyTimeoutMs} ms:\n${api.tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { api, baseUrl, port };
}
