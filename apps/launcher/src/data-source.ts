import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@mc/config';
import { buildDataSourceOptions } from '@mc/database';
import { allEntities } from './entities.js';

/**
 * The data source of the TypeORM CLI (`npm run migration:run|revert|generate`): every entity of
 * every library, the compiled migrations, and DATABASE_URL from the environment.
 */
export default new DataSource(
  buildDataSourceOptions({ url: loadConfig().databaseUrl, entities: allEntities, applicationName: 'mc-migrations' }),
);
