import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { TypeOrmLogger } from './typeorm-logger.js';

// libs/database/{src,dist}/ -> repository root
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Compiled migrations; `npm run build` writes them next to their sources under migrations/dist. */
export const compiledMigrationsGlob = join(repoRoot, 'migrations', 'dist', '*.js');

export interface DataSourceSettings {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  applicationName?: string;
  poolSize?: number;
}

/** One place that decides how every process talks to Postgres. The schema comes from migrations only. */
export function buildDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities,
    migrations: settings.migrations ?? [compiledMigrationsGlob],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    // Failed queries go to the process logger with their SQL and error code, never their values.
    logger: new TypeOrmLogger(),
    applicationName: settings.applicationName ?? 'migrant-collective',
    extra: { max: settings.poolSize ?? 20 },
  };
}
