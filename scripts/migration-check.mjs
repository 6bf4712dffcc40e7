#!/usr/bin/env node
// Drift check: applies every migration to a fresh database, then asks TypeORM which SQL it would
// still need to match the entities. Any statement means an entity changed without a migration.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, withDatabase } from '@mc/database';
import { allEntities } from '../apps/launcher/dist/entities.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mc_check_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
let exitCode = 0;
try {
  const ds = new DataSource(buildDataSourceOptions({ url: withDatabase(server, name), entities: allEntities }));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length > 0) {
      exitCode = 1;
      console.error(`Schema drift: the entities need ${sql.upQueries.length} statement(s) no migration provides:`);
      for (const q of sql.upQueries) console.error('  ' + q.query);
      console.error('Generate one with: npm run migration:generate -- <Name>');
    } else {
      console.log(`migrations: ${applied.length} applied, no drift between entities and schema`);
    }
  } finally {
    await ds.destroy();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
process.exit(exitCode);
