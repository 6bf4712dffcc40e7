import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insert-only, hash-chained audit log. Insert-only is enforced twice: a trigger refuses
 * UPDATE, DELETE and TRUNCATE for everyone (even the table owner), and where the app role
 * `mc_app` exists it loses those grants.
 */
export class AuditEvents1795464100000 implements MigrationInterface {
  name = 'AuditEvents1795464100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_events" (
        "id" uuid NOT NULL,
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "actor_type" text NOT NULL,
        "actor_id" uuid,
        "action" text NOT NULL,
        "entity_type" text,
        "entity_id" text,
        "request_id" text,
        "ip" text,
        "details" jsonb NOT NULL DEFAULT '{}',
        "prev_hash" character(64) NOT NULL,
        "hash" character(64) NOT NULL,
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("id"),
        CONSTRAINT "chk_audit_events_actor_type" CHECK ("actor_type" IN ('user', 'partner', 'system', 'public')),
        CONSTRAINT "chk_audit_events_at_ms" CHECK ("at" = date_trunc('milliseconds', "at"))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_events_seq" ON "audit_events" ("seq")`);
    await q.query(`CREATE INDEX "idx_audit_events_at" ON "audit_events" ("at")`);
    await q.query(`CREATE INDEX "idx_audit_events_entity" ON "audit_events" ("entity_type", "entity_id", "seq")`);
    await q.query(`CREATE INDEX "idx_audit_events_actor" ON "audit_events" ("actor_id", "seq")`);
    await q.query(`
      CREATE FUNCTION "audit_events_insert_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is insert-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER "trg_audit_events_insert_only" BEFORE UPDATE OR DELETE ON "audit_events"
      FOR EACH ROW EXECUTE FUNCTION "audit_events_insert_only"()`);
    await q.query(`
      CREATE TRIGGER "trg_audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_insert_only"()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mc_app') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM mc_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_events"`);
    await q.query(`DROP FUNCTION "audit_events_insert_only"()`);
  }
}
