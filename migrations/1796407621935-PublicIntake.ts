import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public intake page: status tokens (hash only) with the language a complaint was filed in,
 * employers opened from a migrant's words (`verified` false until a caseworker checks them;
 * existing rows were entered by staff, hence the default true), and notes that are the migrant's
 * own replies from the status page (`from_worker`).
 */
export class PublicIntake1796407621935 implements MigrationInterface {
  name = 'PublicIntake1796407621935';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "complaint_status_tokens" (
        "complaint_id" uuid NOT NULL,
        "token_hash" bytea NOT NULL,
        "language" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_complaint_status_tokens" PRIMARY KEY ("complaint_id")
      )`);
    await q.query(`
      ALTER TABLE "complaint_status_tokens"
        ADD CONSTRAINT "fk_complaint_status_tokens_complaint" FOREIGN KEY ("complaint_id")
        REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "employers" ADD "verified" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "complaint_notes" ADD "from_worker" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "complaint_notes" DROP COLUMN "from_worker"`);
    await q.query(`ALTER TABLE "employers" DROP COLUMN "verified"`);
    await q.query(`DROP TABLE "complaint_status_tokens"`);
  }
}
