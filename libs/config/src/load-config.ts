import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { AppConfig, NodeEnv } from './app-config.js';
import { EnvironmentVariables } from './environment.js';

/** Thrown when the environment is unusable; the message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((e) => {
    const messages = Object.values(e.constraints ?? {});
    // Never echo the value: it may be a password or a key.
    return `${e.property}: ${messages.join(', ')}`;
  });
}

export interface LoadConfigOptions {
  /** Where `.data/` lives when DATA_DIR is not set; the process working directory by default. */
  cwd?: string;
  /** Called once when a development master key is created, so the caller can warn. */
  onWarning?: (message: string) => void;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const errors = validateSync(raw, { whitelist: false, forbidUnknownValues: false });
  const problems = describe(errors);
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const nodeEnv: NodeEnv = raw.NODE_ENV ?? 'development';
  const cwd = options.cwd ?? process.cwd();
  const dataDir = resolve(cwd, raw.DATA_DIR ?? '.data');

  const masterKey = resolveMasterKey(raw.MASTER_KEY, nodeEnv, dataDir, problems, options.onWarning);
  if (problems.length > 0) throw new ConfigValidationError(problems);

  const port = raw.PORT ?? 3000;
  const publicBaseUrl = (raw.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return Object.freeze({
    nodeEnv,
    port,
    host: raw.HOST ?? '0.0.0.0',
    databaseUrl: raw.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/migrant_collective',
    databaseUrlConfigured: raw.DATABASE_URL !== undefined,
    redisUrl: raw.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisUrlConfigured: raw.REDIS_URL !== undefined,
    redisPrefix: raw.REDIS_PREFIX ?? 'mc',
    adminEmail: raw.ADMIN_EMAIL,
    adminPassword: raw.ADMIN_PASSWORD,
    masterKey: masterKey!.key,
    masterKeySource: masterKey!.source,
    dataDir,
    storageDir: resolve(cwd, raw.STORAGE_DIR ?? join(dataDir, 'storage')),
    publicBaseUrl,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM ?? `Migrant Collective <noreply@${new URL(publicBaseUrl).hostname}>`,
    telegramBotToken: raw.TELEGRAM_BOT_TOKEN,
    telegramApiUrl: (raw.TELEGRAM_API_URL ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    outboundAllowlist: (raw.OUTBOUND_ALLOWLIST ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    retentionMonths: raw.RETENTION_MONTHS ?? 24,
    logLevel: raw.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    session: {
      ttlMinutes: raw.SESSION_TTL_MINUTES ?? 12 * 60,
      idleMinutes: raw.SESSION_IDLE_MINUTES ?? 60,
    },
    loginLimits: {
      perIp: raw.LOGIN_LIMIT_PER_IP ?? 20,
      perEmail: raw.LOGIN_LIMIT_PER_EMAIL ?? 5,
      windowSeconds: raw.LOGIN_WINDOW_SECONDS ?? 15 * 60,
    },
    trustProxy: trustProxyOf(raw.TRUST_PROXY),
    intakeLimits: {
      perIp: raw.INTAKE_LIMIT_PER_IP ?? 30,
      windowSeconds: raw.INTAKE_LIMIT_WINDOW_SECONDS ?? 60 * 60,
    },
    statusLimits: {
      perIp: raw.STATUS_LIMIT_PER_IP ?? 60,
      perReference: raw.STATUS_LIMIT_PER_REFERENCE ?? 20,
      windowSeconds: raw.STATUS_LIMIT_WINDOW_SECONDS ?? 15 * 60,
    },
  });
}

function resolveMasterKey(
  value: string | undefined,
  nodeEnv: NodeEnv,
  dataDir: string,
  problems: string[],
  onWarning?: (message: string) => void,
): { key: Buffer; source: AppConfig['masterKeySource'] } | undefined {
  if (value !== undefined) {
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) {
      problems.push('MASTER_KEY: must be 32 bytes encoded as base64');
      return undefined;
    }
    return { key, source: 'env' };
  }
  if (nodeEnv === 'production') {
    problems.push('MASTER_KEY: is required in production (32 bytes, base64)');
    return undefined;
  }
  // Outside production a laptop must start with zero configuration: keep a generated key in
  // .data/ so restarts can still decrypt what earlier runs wrote.
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) {
      problems.push(`MASTER_KEY: the key file ${file} does not hold 32 base64 bytes`);
      return undefined;
    }
    return { key, source: 'file' };
  }
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  onWarning?.(
    `MASTER_KEY is not set: generated a development key in ${file}. Set MASTER_KEY in production; losing this key makes encrypted data unreadable.`,
  );
  return { key, source: 'generated' };
}

/** `TRUST_PROXY` as Fastify takes it: a boolean or the proxies' addresses. */
function trustProxyOf(value: string | undefined): boolean | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return value
    .split(',')
    .map((s) => s.trim())
    .join(',');
}
