import type { MigrationInterface, QueryRunner } from 'typeorm';

export class QueueInfrastructure1795464200000 implements MigrationInterface {
  name = 'QueueInfrastructure1795464200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dead_letters" (
        "id" uuid NOT NULL,
        "queue" text NOT NULL,
        "job_name" text NOT NULL,
        "job_id" text NOT NULL,
        "data" jsonb NOT NULL,
        "error" text NOT NULL,
        "attempts" integer NOT NULL,
        "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_dead_letters" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "idx_dead_letters_failed_at" ON "dead_letters" ("failed_at")`);
    await q.query(`
      CREATE TABLE "queue_probes" (
        "id" uuid NOT NULL,
        "status" text NOT NULL DEFAULT 'queued',
        "hold_ms" integer NOT NULL DEFAULT 0,
        "requested_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "processed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_queue_probes" PRIMARY KEY ("id"),
        CONSTRAINT "chk_queue_probes_status" CHECK ("status" IN ('queued', 'done')),
        CONSTRAINT "chk_queue_probes_hold_ms" CHECK ("hold_ms" BETWEEN 0 AND 30000)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "queue_probes"`);
    await q.query(`DROP TABLE "dead_letters"`);
  }
}
