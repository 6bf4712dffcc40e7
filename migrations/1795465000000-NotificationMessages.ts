import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications rendered per language: rows keep `kind` and gain `params`; the rendered `title`
 * and `body` go. Existing rows keep their text as `params.text` (shown as stored, in any language),
 * so nothing is lost. Users gain `locale` (en, ru, uk; default en), the language of their messages.
 */
export class NotificationMessages1795465000000 implements MigrationInterface {
  name = 'NotificationMessages1795465000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "locale" text NOT NULL DEFAULT 'en'`);
    await q.query(`ALTER TABLE "users" ADD CONSTRAINT "chk_users_locale" CHECK ("locale" IN ('en', 'ru', 'uk'))`);
    await q.query(`ALTER TABLE "notifications" ADD "params" jsonb`);
    await q.query(
      `UPDATE "notifications" SET "params" = jsonb_build_object('text', jsonb_build_object('title', "title", 'body', "body"))`,
    );
    await q.query(`ALTER TABLE "notifications" ALTER COLUMN "params" SET NOT NULL`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "title"`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "body"`);
  }

  /** Text rows get their text back; rows of a message kind cannot be rendered in SQL and keep their kind as title. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" ADD "title" text`);
    await q.query(`ALTER TABLE "notifications" ADD "body" text`);
    await q.query(
      `UPDATE "notifications" SET "title" = COALESCE("params"->'text'->>'title', "kind"),
                                  "body" = COALESCE("params"->'text'->>'body', '')`,
    );
    await q.query(`ALTER TABLE "notifications" ALTER COLUMN "title" SET NOT NULL`);
    await q.query(`ALTER TABLE "notifications" ALTER COLUMN "body" SET NOT NULL`);
    await q.query(`ALTER TABLE "notifications" DROP COLUMN "params"`);
    await q.query(`ALTER TABLE "users" DROP CONSTRAINT "chk_users_locale"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "locale"`);
  }
}
