import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keyed audit chain (issue 9, item 8).
 * - `audit_events.chain_version`: rows already written keep the unkeyed SHA-256 (version 1) and
 *   still verify; the app writes version 2 (HMAC-SHA256 under a key derived from the master key,
 *   which is never in the database). No default after this migration: a writer must say which.
 * - `audit_checkpoints`: signed heads of the chain, written by the worker's `audit.checkpoint`
 *   job, so cutting rows off the end shows. Insert-only like `audit_events`.
 * - Grants: nobody but the owner may UPDATE, DELETE or TRUNCATE either table (PUBLIC loses them;
 *   so does `mc_app` where that role exists). Dropping the triggers needs the owner, which the app
 *   role is not (see docker-compose.yml and apps/launcher/src/migrate.ts).
 */
export class AuditChainKeyed1795464900000 implements MigrationInterface {
  name = 'AuditChainKeyed1795464900000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default adds the column without rewriting rows, so the UPDATE trigger stays quiet.
    await q.query(`ALTER TABLE "audit_events" ADD "chain_version" smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "audit_events" ALTER COLUMN "chain_version" DROP DEFAULT`);
    await q.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "chk_audit_events_chain_version" CHECK ("chain_version" IN (1, 2))`,
    );
    await q.query(`
      CREATE TABLE "audit_checkpoints" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "head_seq" bigint,
        "head_id" uuid,
        "head_hash" character(64),
        "row_count" bigint NOT NULL,
        "signature" character(64) NOT NULL,
        CONSTRAINT "PK_audit_checkpoints" PRIMARY KEY ("id"),
        CONSTRAINT "chk_audit_checkpoints_at_ms" CHECK ("at" = date_trunc('milliseconds', "at"))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_checkpoints_seq" ON "audit_checkpoints" ("seq")`);
    await q.query(`
      CREATE FUNCTION "audit_checkpoints_insert_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is insert-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER "trg_audit_checkpoints_insert_only" BEFORE UPDATE OR DELETE ON "audit_checkpoints"
      FOR EACH ROW EXECUTE FUNCTION "audit_checkpoints_insert_only"()`);
    await q.query(`
      CREATE TRIGGER "trg_audit_checkpoints_no_truncate" BEFORE TRUNCATE ON "audit_checkpoints"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_checkpoints_insert_only"()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER ON "audit_events", "audit_checkpoints" FROM PUBLIC`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mc_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "audit_events", "audit_checkpoints" FROM mc_app;
          GRANT SELECT, INSERT ON "audit_checkpoints" TO mc_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_checkpoints"`);
    await q.query(`DROP FUNCTION "audit_checkpoints_insert_only"()`);
    // Rows of version 2 do not verify under the version-1 code this reverts to.
    await q.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "chk_audit_events_chain_version"`);
    await q.query(`ALTER TABLE "audit_events" DROP COLUMN "chain_version"`);
  }
}
