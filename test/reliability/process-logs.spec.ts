import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { findFreePort } from '../../apps/launcher/src/port-probe.js';

/*
 * The log output of the programs people run, read as an attacker with the log file would: the
 * one-process `npm start` (compiled launcher) and the production pair (API and worker processes).
 * Canary secrets and names are planted through real HTTP requests, then searched for in stdout.
 */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAUNCHER = join(repoRoot, 'apps', 'launcher', 'dist', 'main.js');
const API = join(repoRoot, 'apps', 'api', 'dist', 'main.js');
const WORKER = join(repoRoot, 'apps', 'worker', 'dist', 'main.js');

const ADMIN_EMAIL = 'admin-logs@example.org';
const ADMIN_PASSWORD = 'correct horse battery staple';
/** A phone number typed into the intake page. */
const INTAKE_PHONE = '+4917099887766';

interface Program {
  child: ChildProcess;
  output: () => string;
}

interface LogLine {
  level: number;
  process: string;
  msg?: string;
  req?: { url?: string; method?: string };
  res?: { statusCode?: number };
  [key: string]: unknown;
}

function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('what the running programs write to stdout', () => {
  const serverUrl = inject('databaseUrl');
  const redisUrl = inject('redisUrl');
  const programs: Program[] = [];
  const databases: string[] = [];
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mc-logs-'));
  });

  afterEach(async () => {
    for (const { child } of programs.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([once(child, 'exit'), sleep(10_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
  });

  afterAll(async () => {
    for (const name of databases) await dropDatabase(serverUrl, name);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function environment(label: string): Promise<NodeJS.ProcessEnv> {
    const name = randomTestDatabaseName(`mc_test_logs_${label}`);
    databases.push(name);
    // The launcher creates a missing database itself; the separate processes need a migrated one.
    const databaseUrl = await createDatabase(serverUrl, name);
    // Under the run's prefix, which the global teardown removes.
    const prefix = `${inject('redisPrefix')}-logs-${label}-${randomBytes(3).toString('hex')}`;
    const port = await findFreePort('127.0.0.1', 0);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // What a laptop runs: not production, not test (whose default level is silent).
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      MASTER_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: join(dataDir, label),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    };
  }

  function start(main: string, env: NodeJS.ProcessEnv): Program {
    const child = spawn(process.execPath, [main], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const program = { child, output: () => output };
    programs.push(program);
    return program;
  }

  async function migrate(env: NodeJS.ProcessEnv): Promise<void> {
    const child = spawn('npm', ['run', '--silent', 'migration:run'], { cwd: repoRoot, env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`migration:run failed: ${output}`);
  }

  async function call(
    env: NodeJS.ProcessEnv,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; form?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`http://127.0.0.1:${env.PORT}${path}`, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, any> };
  }

  async function waitUntilServing(env: NodeJS.ProcessEnv, program: Program): Promise<void> {
    await waitFor(
      async () => {
        if (program.child.exitCode !== null) throw new Error(`exited early:\n${program.output()}`);
        return (await call(env, 'GET', '/health').catch(() => ({ status: 0 }))).status;
      },
      (status) => status === 200,
      60_000,
    );
  }

  /** Requests that carry secrets and names in every place a careless logger would copy. */
  async function plantCanaries(env: NodeJS.ProcessEnv) {
    const surname = `Kanareikina${randomBytes(3).toString('hex')}`;
    const volunteerEmail = `volunteer-${randomBytes(3).toString('hex')}@example.org`;
    const login = await call(env, 'POST', '/api/v1/auth/login', {
      body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(login.status, login.text).toBe(200);
    const token = login.json().token as string;
    const forged = `mcs_${randomBytes(24).toString('base64url')}`;

    const worker = await call(env, 'POST', '/api/v1/workers', {
      token,
      body: {
        fullName: `Olena ${surname}`,
        preferredLanguage: 'uk',
        phone: '+491701234567',
        countryOfWork: 'DE',
        residenceStatus: 'undocumented',
        consent: { dataProcessing: true, partnerSharing: 'none', contactChannels: ['phone'] },
      },
    });
    expect(worker.status, worker.text).toBe(201);
    expect((await call(env, 'GET', `/api/v1/workers?q=${surname}`, { token })).status).toBe(200);
    expect((await call(env, 'GET', `/api/v1/workers?q=${surname}`, { token: forged })).status).toBe(401);
    expect((await call(env, 'GET', `/admin/queues?token=${token}`)).status).toBe(303);
    // A NUL byte makes Postgres refuse the INSERT: the failed query must not bring its values
    // (the e-mail, the password's argon2 hash) into the log.
    const nul = await call(env, 'POST', '/api/v1/users', {
      token,
      body: {
        email: volunteerEmail,
        displayName: `Vol\u0000unteer ${surname}`,
        role: 'caseworker',
        password: ADMIN_PASSWORD,
      },
    });
    expect(nul.status, nul.text).toBe(400);

    // The public intake, as JSON and as the page's form (a valid one and one refused for a missing field).
    const intakeName = `Kanarejko${randomBytes(3).toString('hex')}`;
    const intake = {
      language: 'ru',
      name: `Иван ${intakeName}`,
      contact: { phone: INTAKE_PHONE },
      countryOfWork: 'DE',
      employerName: 'Canary Bau GmbH',
      categories: ['unpaid_wages'],
      description: `${intakeName}: зарплату за март не заплатили`,
      consent: { dataProcessing: true, partnerSharing: 'none' },
    };
    const filed = await call(env, 'POST', '/api/v1/public/intake', { body: intake });
    expect(filed.status, filed.text).toBe(201);
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({
        language: 'uk',
        name: `Олена ${intakeName}`,
        'contact.phone': INTAKE_PHONE,
        countryOfWork: 'PL',
        categories: 'unpaid_wages',
        description: `${intakeName} форма`,
        'consent.dataProcessing': 'true',
        'consent.partnerSharing': 'full',
        ...extra,
      }).toString();
    const posted = await call(env, 'POST', '/api/v1/public/intake', {
      form: form({ employerName: 'Canary Sp. z o.o.' }),
    });
    expect(posted.status, posted.text).toBe(201);
    const refused = await call(env, 'POST', '/api/v1/public/intake', { form: form({}) });
    expect(refused.status).toBe(400);
    // The status page, with the token in the body (never in the URL).
    const { reference, statusToken } = filed.json() as { reference: string; statusToken: string };
    const status = await call(env, 'GET', `/api/v1/public/status/${reference}`, {
      headers: { 'x-status-token': statusToken },
    });
    expect(status.status, status.text).toBe(200);
    expect((await call(env, 'GET', '/health')).status).toBe(200);
    return { token, forged, surname, volunteerEmail, intakeName, statusToken };
  }

  /** Every key and value under `prefix` (strings, hashes, lists, sets, sorted sets, streams), as text. */
  async function redisText(prefix: string): Promise<string> {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await redis.connect();
    try {
      const parts: string[] = [];
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
        for (const key of keys) {
          parts.push(key);
          const type = await redis.type(key);
          if (type === 'string') parts.push((await redis.get(key)) ?? '');
          else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
          else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
          else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      }
      return parts.join('\n');
    } finally {
      redis.disconnect();
    }
  }

  async function expectNoCanariesInRedis(env: NodeJS.ProcessEnv, canaries: Awaited<ReturnType<typeof plantCanaries>>) {
    const text = await redisText(env.REDIS_PREFIX!);
    // Guards the check itself: the prefix holds the queues' keys.
    expect(text.length).toBeGreaterThan(100);
    for (const secret of [canaries.intakeName, canaries.surname, canaries.statusToken, INTAKE_PHONE, '+491701234567']) {
      expect(text, `Redis holds ${secret.slice(0, 8)}…`).not.toContain(secret);
    }
  }

  function expectNoCanaries(output: string, canaries: Awaited<ReturnType<typeof plantCanaries>>): void {
    for (const secret of [
      canaries.token,
      canaries.forged,
      canaries.surname,
      canaries.volunteerEmail,
      canaries.intakeName,
      canaries.statusToken,
      ADMIN_PASSWORD,
    ]) {
      expect(output, `stdout holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    }
    expect(output).not.toContain('+491701234567');
    expect(output).not.toContain(INTAKE_PHONE);
    expect(output).not.toContain('$argon2');
    expect(output).not.toContain('PARAMETERS');
    expect(output.toLowerCase()).not.toContain('authorization');
  }

  function expectRequestLines(lines: LogLine[], processLabel: string): void {
    const requests = lines.filter((l) => l.req !== undefined && l.res !== undefined);
    // The requests are logged (a silent logger would pass every check above), each once, by path only.
    const unauthorised = requests.filter((l) => l.req!.url === '/api/v1/workers' && l.res!.statusCode === 401);
    expect(unauthorised).toHaveLength(1);
    expect(unauthorised[0]!.level).toBe(40);
    expect(unauthorised[0]!.process).toBe(processLabel);
    expect(Object.keys(unauthorised[0]!.req!).sort()).toEqual(['id', 'method', 'url']);
    expect(requests.filter((l) => l.req!.url === '/health')).toHaveLength(0); // probes log at debug
    const failed = lines.filter(
      (l) => l.context === 'TypeORM' && typeof l.msg === 'string' && l.msg.startsWith('query failed'),
    );
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]).toMatchObject({
      level: 50,
      code: '22021',
      query: expect.stringContaining('INSERT INTO "users"'),
    });
  }

  it('npm start (API and worker in one process) logs no token, name, query string or query value', async () => {
    const env = await environment('start');
    const launcher = start(LAUNCHER, env);
    await waitUntilServing(env, launcher);
    const canaries = await plantCanaries(env);
    await sleep(500);
    const output = launcher.output();

    expectNoCanaries(output, canaries);
    await expectNoCanariesInRedis(env, canaries);
    const lines = jsonLines(output);
    expect(lines.length).toBeGreaterThan(5);
    // One logger for the process, so one label on every line, whichever app wrote it.
    expect(new Set(lines.map((l) => l.process))).toEqual(new Set(['mc-api+worker']));
    expect(lines.some((l) => l.context === 'JobDispatcher')).toBe(true); // the worker's lines are there too
    expectRequestLines(lines, 'mc-api+worker');
    // A newcomer's first minutes: only URLs that answer (the intake page's too), no spurious TypeORM warning.
    const intakeUrl = /\[start\] Intake: +(http:\/\/127\.0\.0\.1:\d+\/intake)\b/.exec(output)?.[1];
    expect(intakeUrl, 'the launcher prints the intake URL').toBeDefined();
    expect((await fetch(intakeUrl!)).status).toBe(200);
    expect(output).not.toMatch(/already registered/);
    expect(output).toMatch(/\[start\] API: +http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
  }, 120_000);

  it('the API and worker processes of production log no token, name, query string or query value', async () => {
    const env = await environment('split');
    await migrate(env);
    const api = start(API, env);
    const worker = start(WORKER, env);
    await waitUntilServing(env, api);
    const canaries = await plantCanaries(env);
    await waitFor(
      async () => jsonLines(worker.output()).some((l) => l.context === 'JobDispatcher'),
      (ready) => ready,
      30_000,
    );
    await sleep(500);

    for (const program of [api, worker]) expectNoCanaries(program.output(), canaries);
    await expectNoCanariesInRedis(env, canaries);
    const apiLines = jsonLines(api.output());
    const workerLines = jsonLines(worker.output());
    expect(new Set(apiLines.map((l) => l.process))).toEqual(new Set(['mc-api']));
    expect(new Set(workerLines.map((l) => l.process))).toEqual(new Set(['mc-worker']));
    expectRequestLines(apiLines, 'mc-api');
  }, 120_000);
});
