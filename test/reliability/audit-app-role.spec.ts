import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDataSourceOptions, ensureAppRole, newId } from '@mc/database';
import { AuditCheckpoint, AuditEvent, AuditKeys, AuditService } from '@mc/security';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName } from '@mc/testing';

/*
 * The app's login role as docker-compose.yml sets it up (apps/launcher/src/migrate.ts): it owns
 * nothing, so it cannot drop or disable the audit triggers, and it has no UPDATE, DELETE or
 * TRUNCATE on the audit tables. A role of this file alone (roles are server-wide): dropped after.
 */
describe('the app role (non-owner) and the audit tables', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_approle');
  const role = `mc_test_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let ownerUrl: string;
  let app: pg.Client;

  beforeAll(async () => {
    ownerUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(ownerUrl);
    await ensureAppRole(ownerUrl, { role, password });
    // Idempotent: a second deploy changes nothing and fails on nothing.
    await ensureAppRole(ownerUrl, { role, password });
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = password;
    app = new pg.Client({ connectionString: url.toString() });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await dropDatabase(serverUrl, databaseName);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    } finally {
      await admin.end();
    }
  });

  it('logs in as a role that is not the owner and can write and verify the chain', async () => {
    const [{ user }] = (await app.query<{ user: string }>('SELECT current_user AS user')).rows as [{ user: string }];
    expect(user).toBe(role);
    const url = new URL(ownerUrl);
    url.username = role;
    url.password = password;
    const ds = new DataSource(
      buildDataSourceOptions({ url: url.toString(), entities: [AuditEvent, AuditCheckpoint], poolSize: 2 }),
    );
    await ds.initialize();
    try {
      const audit = new AuditService(ds, AuditKeys.fromMasterKey(randomBytes(32)));
      for (let i = 0; i < 3; i++)
        await audit.record({ actor: { kind: 'system' }, action: 'test.role', entityId: newId() });
      await audit.checkpoint();
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 3, problem: null });
    } finally {
      await ds.destroy();
    }
  });

  it('has no UPDATE, DELETE or TRUNCATE on the audit tables (refused by the grants, before any trigger)', async () => {
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await expect(app.query(`UPDATE ${table} SET at = at`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`TRUNCATE ${table}`)).rejects.toThrow(/permission denied/);
    }
  });

  it('cannot drop or disable the triggers, drop the table, or bypass triggers', async () => {
    await expect(app.query(`DROP TRIGGER "trg_audit_events_insert_only" ON audit_events`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query(`ALTER TABLE audit_events DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`DROP TABLE audit_checkpoints`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`CREATE TABLE mc_role_probe (id int)`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM typeorm_migrations`)).rejects.toThrow(/permission denied/);
  });

  it('keeps ordinary DML on the other tables', async () => {
    await expect(app.query(`UPDATE users SET display_name = display_name WHERE false`)).resolves.toBeDefined();
    await expect(app.query(`DELETE FROM sessions WHERE false`)).resolves.toBeDefined();
  });

  it('takes back rights a hand-made role was given, and refuses one that acts as the owner', async () => {
    const admin = new pg.Client({ connectionString: ownerUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER ROLE "${role}" CREATEDB CREATEROLE`);
      await ensureAppRole(ownerUrl, { role });
      const [{ rolcreatedb, rolcreaterole }] = (
        await admin.query<{ rolcreatedb: boolean; rolcreaterole: boolean }>(
          'SELECT rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1',
          [role],
        )
      ).rows as [{ rolcreatedb: boolean; rolcreaterole: boolean }];
      expect({ rolcreatedb, rolcreaterole }).toEqual({ rolcreatedb: false, rolcreaterole: false });

      // A member of the owner role would act as the owner: the deploy stops and says why.
      const { rows } = await admin.query<{ owner: string }>('SELECT current_user AS owner');
      await admin.query(`GRANT "${rows[0]!.owner}" TO "${role}"`);
      try {
        await expect(ensureAppRole(ownerUrl, { role })).rejects.toThrow(/member of the owner role/);
      } finally {
        await admin.query(`REVOKE "${rows[0]!.owner}" FROM "${role}"`);
      }
    } finally {
      await admin.end();
    }
  });
});
