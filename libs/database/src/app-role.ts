import pg from 'pg';
import { databaseName } from './postgres-url.js';

/** Tables nobody but their owner may change or empty: the insert-only audit log and its checkpoints. */
export const INSERT_ONLY_TABLES = ['audit_events', 'audit_checkpoints'] as const;

export interface AppRoleOptions {
  /** Role the API and worker log in as (`mc_app` in docker-compose.yml). */
  role: string;
  /** Sets (or resets) the role's login password; without it the role must already exist. */
  password?: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Run by the migrator, as the owner of the schema, after the migrations: makes sure the
 * application's login role exists and holds exactly what the app needs, and no more.
 * - DML on every table of `public` (SELECT, INSERT, UPDATE, DELETE), the sequences, CONNECT;
 *   no CREATE, and not the owner of anything, so it cannot ALTER, DROP or disable a trigger.
 * - On the audit tables only SELECT and INSERT: no UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES.
 * - Nothing on `typeorm_migrations` (migrations are the migrator's business).
 * Re-run on every deploy (idempotent), so tables added by later migrations get their grants.
 * Migrations themselves cannot assume the role exists; this is where it is made to.
 */
export async function ensureAppRole(ownerUrl: string, options: AppRoleOptions): Promise<void> {
  const { role, password } = options;
  if (!ROLE_NAME.test(role)) throw new Error('The app role name must be a lower-case SQL identifier');
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'mc-migrations' });
  await client.connect();
  try {
    const ident = client.escapeIdentifier(role);
    const [{ exists, is_self }] = (
      await client.query<{ exists: boolean; is_self: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists, current_user = $1 AS is_self`,
        [role],
      )
    ).rows as [{ exists: boolean; is_self: boolean }];
    if (is_self) throw new Error('The app role must not be the role that runs the migrations (the owner)');
    if (!exists) {
      if (password === undefined) throw new Error(`The app role ${role} does not exist and no password was given`);
      await client.query(
        `CREATE ROLE ${ident} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
      );
    } else if (password !== undefined) {
      await client.query(`ALTER ROLE ${ident} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
    }
    // A role made by hand may have been given more: take it back, every deploy.
    await client.query(`ALTER ROLE ${ident} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    const [{ member, owns }] = (
      await client.query<{ member: boolean; owns: boolean }>(
        `SELECT pg_has_role($1, current_user, 'MEMBER') AS member,
                EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                         WHERE r.rolname = $1 AND c.relnamespace = 'public'::regnamespace) AS owns`,
        [role],
      )
    ).rows as [{ member: boolean; owns: boolean }];
    // A member of the owner role acts as the owner (it could drop the audit triggers).
    if (member) throw new Error(`The app role ${role} is a member of the owner role: revoke that membership`);
    if (owns) throw new Error(`The app role ${role} owns tables or sequences in public: reassign them to the owner`);
    const database = client.escapeIdentifier(databaseName(ownerUrl));
    await client.query('BEGIN');
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${ident}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${ident}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    await client.query(`REVOKE ALL ON TABLE "typeorm_migrations" FROM ${ident}`);
    for (const table of INSERT_ONLY_TABLES) {
      const t = client.escapeIdentifier(table);
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON TABLE ${t} FROM PUBLIC, ${ident}`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
