import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `reminders.job_added_at`: set once the reminder's delayed job is known to be in Redis, so the
 * `reminder.relay` job can add those a crash or a Redis error left without one (an outbox, in the
 * reminder row itself). `escalation_steps.due_set_at`: when an internal target was last set, so a
 * clock pause before that does not shift it.
 */
export class ReminderRelayAndStepDueSetAt1795464800001 implements MigrationInterface {
  name = 'ReminderRelayAndStepDueSetAt1795464800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "escalation_steps" ADD "due_set_at" TIMESTAMP WITH TIME ZONE`);
    // Existing targets were set when their step was made, as far as anyone knows.
    await q.query(
      `UPDATE "escalation_steps" SET "due_set_at" = "created_at" WHERE "deadline_rule_id" IS NULL AND "due_at" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "reminders" ADD "job_added_at" TIMESTAMP WITH TIME ZONE`);
    // Existing pending reminders may or may not have a job: the relay adds them (ids make it a no-op if they do).
    await q.query(
      `CREATE INDEX "idx_reminders_job_missing" ON "reminders" ("updated_at") WHERE "status" = 'pending' AND "job_added_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_reminders_job_missing"`);
    await q.query(`ALTER TABLE "reminders" DROP COLUMN "job_added_at"`);
    await q.query(`ALTER TABLE "escalation_steps" DROP COLUMN "due_set_at"`);
  }
}
