import 'reflect-metadata';
import { loadConfig } from '@mc/config';
import { ensureAppRole, runMigrations } from '@mc/database';

/**
 * The deploy step of docker-compose.yml (`migrate` service): applies the migrations as the owner
 * of the schema (DATABASE_URL), then, when APP_DB_ROLE is set, makes sure that role exists
 * (APP_DB_PASSWORD sets its password) and holds DML grants only, with no UPDATE, DELETE or TRUNCATE
 * on the audit tables. The API and the worker then log in as that role, which owns nothing: it
 * cannot drop or disable the audit triggers, nor rewrite the audit log.
 */
const log = (message: string) => console.log(`[migrate] ${message}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await runMigrations(config.databaseUrl);
  log(applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'schema is up to date');
  const role = process.env.APP_DB_ROLE;
  if (role) {
    await ensureAppRole(config.databaseUrl, { role, password: process.env.APP_DB_PASSWORD || undefined });
    log(`app role ${role}: DML grants only; audit tables insert-only`);
  }
}

main().catch((error: unknown) => {
  // The message only: no stack, no environment (it holds the passwords).
  console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
