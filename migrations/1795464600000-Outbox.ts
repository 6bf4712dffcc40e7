import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transactional outbox: jobs written with the change that causes them, relayed after commit. */
export class Outbox1795464600000 implements MigrationInterface {
  name = 'Outbox1795464600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "outbox" (
        "id" uuid NOT NULL,
        "job_name" text NOT NULL,
        "data" jsonb NOT NULL,
        "job_id" text,
        "delay_ms" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "dispatched_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_outbox" PRIMARY KEY ("id")
      )`);
    // The relay only ever reads undispatched rows, oldest first; dispatched ones stay out of the index.
    await q.query(`CREATE INDEX "idx_outbox_undispatched" ON "outbox" ("created_at") WHERE "dispatched_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outbox"`);
  }
}
