import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Escalation steps of complaints and their reminders (the rows the BullMQ delayed jobs execute). */
export class EscalationStepsAndReminders1795464800000 implements MigrationInterface {
  name = 'EscalationStepsAndReminders1795464800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "escalation_steps" (
        "id" uuid NOT NULL,
        "complaint_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "type" text NOT NULL,
        "status" text NOT NULL DEFAULT 'planned',
        "title_enc" text,
        "outcome_enc" text,
        "deadline_rule_id" text,
        "deadline_rule_version" integer,
        "due_date" date,
        "due_at" TIMESTAMP WITH TIME ZONE,
        "overdue_at" TIMESTAMP WITH TIME ZONE,
        "awaiting_key_date" text,
        "reminder_offsets" text array NOT NULL,
        "assignee_id" uuid,
        "playbook" text,
        "immigration_risk_confirmed_by" uuid,
        "immigration_risk_confirmed_at" TIMESTAMP WITH TIME ZONE,
        "overdue_notified_at" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "chk_escalation_steps_legal_due" CHECK ("deadline_rule_id" IS NOT NULL OR "due_date" IS NULL),
        CONSTRAINT "PK_escalation_steps" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "idx_escalation_steps_assignee" ON "escalation_steps" ("assignee_id")`);
    await q.query(`CREATE INDEX "idx_escalation_steps_complaint" ON "escalation_steps" ("complaint_id", "position")`);
    await q.query(
      `CREATE INDEX "idx_escalation_steps_open_overdue" ON "escalation_steps" ("overdue_at") WHERE "status" IN ('planned', 'in_progress')`,
    );
    await q.query(`
      ALTER TABLE "escalation_steps"
      ADD CONSTRAINT "fk_escalation_steps_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "escalation_steps"
      ADD CONSTRAINT "fk_escalation_steps_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    await q.query(`
      CREATE TABLE "reminders" (
        "id" uuid NOT NULL,
        "step_id" uuid NOT NULL,
        "complaint_id" uuid NOT NULL,
        "reminder_offset" text NOT NULL,
        "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_reminders" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "idx_reminders_complaint" ON "reminders" ("complaint_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_reminders_step_offset" ON "reminders" ("step_id", "reminder_offset")`);
    await q.query(`CREATE INDEX "idx_reminders_pending_fire_at" ON "reminders" ("fire_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "idx_reminders_sent_at" ON "reminders" ("sent_at") WHERE "status" = 'sent'`);
    await q.query(`
      ALTER TABLE "reminders"
      ADD CONSTRAINT "fk_reminders_step" FOREIGN KEY ("step_id") REFERENCES "escalation_steps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "reminders"
      ADD CONSTRAINT "fk_reminders_complaint" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "reminders"`);
    await q.query(`DROP TABLE "escalation_steps"`);
  }
}
