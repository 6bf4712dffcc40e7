import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigValidationError, loadConfig, type AppConfig } from '@mc/config';
import { runMigrations } from '@mc/database';
import { setProcessLogLabel } from '@mc/logging';
import { createApiApp, exitOnShutdownSignal } from '@mc/api';
import { UsersService } from '@mc/security';
import { createWorkerApp } from '@mc/worker';
import { ensurePostgres } from './ensure-postgres.js';
import { ensureRedis } from './ensure-redis.js';

/**
 * `npm start`: everything on one laptop with zero configuration. Finds (or starts) Postgres and
 * Redis, applies migrations, creates the first admin, then runs the API and the worker in this
 * one process. Production runs `start:api` and `start:worker` separately.
 */
if (existsSync('.env')) process.loadEnvFile('.env');

const log = (message: string) => console.log(`[start] ${message}`);

async function main(): Promise<void> {
  // API and worker share this process, and so its one logger.
  setProcessLogLabel('mc-api+worker');
  const initial = loadConfig(process.env, { onWarning: (m) => console.warn(`[start] WARNING: ${m}`) });
  const postgres = await ensurePostgres(initial, log);
  const redis = await ensureRedis(initial, log);
  // The rest of the system reads the URLs that were actually found or started.
  const config: AppConfig = { ...initial, databaseUrl: postgres.url, redisUrl: redis.url };

  const applied = await runMigrations(config.databaseUrl);
  log(applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is up to date');

  const worker = await createWorkerApp(config);
  const api = await createApiApp(config);
  const bootstrap = await api.get(UsersService).ensureBootstrapAdmin(config.adminEmail, config.adminPassword);
  await api.listen({ port: config.port, host: config.host });

  exitOnShutdownSignal(async () => {
    await api.close();
    await worker.close();
    await redis.stop();
    await postgres.stop();
  });

  const base = config.publicBaseUrl;
  log(`Intake:  ${base}/intake`);
  log(`API:     ${base}/api/v1`);
  log(`Docs:    ${base}/docs`);
  log(`Health:  ${base}/health`);
  if (bootstrap.created) {
    log(`first admin: ${bootstrap.email}`);
    if (bootstrap.generatedPassword) {
      log(`password (shown once, change it): ${bootstrap.generatedPassword}`);
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) console.error(`[start] ${error.message}`);
  else console.error(`[start] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
