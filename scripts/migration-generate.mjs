#!/usr/bin/env node
// `npm run migration:generate -- AddComplaints`: writes migrations/<timestamp>-AddComplaints.ts
// with the SQL that brings a freshly migrated database to the entities. Read and edit it by hand.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '@mc/database';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const db = `mc_gen_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
await admin.connect();
await admin.query(`CREATE DATABASE "${db}"`);
const env = { ...process.env, DATABASE_URL: withDatabase(server, db) };
const cli = (args) =>
  spawnSync('npx', ['typeorm', ...args, '-d', 'apps/launcher/dist/data-source.js'], { stdio: 'inherit', env });
let status = cli(['migration:run']).status;
if (status === 0) status = cli(['migration:generate', `migrations/${name}`, '--pretty']).status;
await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
await admin.end();
process.exit(status ?? 1);
