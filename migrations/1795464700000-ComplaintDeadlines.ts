import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The statutory deadlines computed for each complaint, with the rule version used. */
export class ComplaintDeadlines1795464700000 implements MigrationInterface {
  name = 'ComplaintDeadlines1795464700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "complaint_deadlines" (
        "id" uuid NOT NULL,
        "complaint_id" uuid NOT NULL,
        "rule_id" text NOT NULL,
        "rule_version" integer NOT NULL,
        "trigger" text NOT NULL,
        "event_date" date NOT NULL,
        "period" text NOT NULL,
        "due_date" date NOT NULL,
        "rolled_from" date,
        "calendar" text NOT NULL,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_complaint_deadlines" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_complaint_deadlines_complaint_rule" ON "complaint_deadlines" ("complaint_id", "rule_id")`,
    );
    await q.query(`CREATE INDEX "idx_complaint_deadlines_due_date" ON "complaint_deadlines" ("due_date")`);
    await q.query(`
      ALTER TABLE "complaint_deadlines"
      ADD CONSTRAINT "fk_complaint_deadlines_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "complaint_deadlines"`);
  }
}
