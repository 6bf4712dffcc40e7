import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored deadlines say why their date moved (`rolled_over`: each day the end rolled past, with
 * its reason) and which holiday list version they were computed with (`calendar_version_key`).
 * Rows from before keep an empty list and a null key until the `deadlines.recompute` job (or the
 * next change of their complaint) recomputes them: a null key never matches the current one.
 */
export class DeadlineRollOver1796351333298 implements MigrationInterface {
  name = 'DeadlineRollOver1796351333298';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint_deadlines" ADD "rolled_over" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "complaint_deadlines" ADD "calendar_version_key" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint_deadlines" DROP COLUMN "calendar_version_key"`);
    await q.query(`ALTER TABLE "complaint_deadlines" DROP COLUMN "rolled_over"`);
  }
}
