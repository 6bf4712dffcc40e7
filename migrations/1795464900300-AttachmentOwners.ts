import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `complaint_attachments.worker_id`: whose document a file is. New files are encrypted under that
 * worker's data key, so erasing the person shreds them. Existing rows keep a null owner and stay
 * under their complaint's key (they cannot be re-encrypted in SQL: the keys are not in the database).
 */
export class AttachmentOwners1795464900300 implements MigrationInterface {
  name = 'AttachmentOwners1795464900300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint_attachments" ADD "worker_id" uuid`);
    await q.query(`CREATE INDEX "idx_complaint_attachments_worker" ON "complaint_attachments" ("worker_id")`);
    await q.query(
      `ALTER TABLE "complaint_attachments" ADD CONSTRAINT "fk_complaint_attachments_worker" FOREIGN KEY ("worker_id") REFERENCES "migrant_workers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint_attachments" DROP CONSTRAINT "fk_complaint_attachments_worker"`);
    await q.query(`DROP INDEX "idx_complaint_attachments_worker"`);
    await q.query(`ALTER TABLE "complaint_attachments" DROP COLUMN "worker_id"`);
  }
}
