import type { MigrationInterface, QueryRunner } from 'typeorm';

/** In-app notifications of users, their e-mail/Telegram deliveries, and users' Telegram chat ids. */
export class Notifications1795464600001 implements MigrationInterface {
  name = 'Notifications1795464600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "telegram_chat_id" text`);
    await q.query(`
      CREATE TABLE "notifications" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "body" text NOT NULL,
        "complaint_id" uuid,
        "step_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "read_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_notifications" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "idx_notifications_user" ON "notifications" ("user_id", "id")`);
    await q.query(
      `CREATE INDEX "idx_notifications_user_unread" ON "notifications" ("user_id", "id") WHERE "read_at" IS NULL`,
    );
    await q.query(`
      ALTER TABLE "notifications"
      ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "notification_deliveries" (
        "id" uuid NOT NULL,
        "notification_id" uuid NOT NULL,
        "channel" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_notification_deliveries" PRIMARY KEY ("id"),
        CONSTRAINT "chk_notification_deliveries_channel" CHECK ("channel" IN ('email', 'telegram')),
        CONSTRAINT "chk_notification_deliveries_status" CHECK ("status" IN ('pending', 'sent', 'failed', 'skipped'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_notification_deliveries_notification_channel" ON "notification_deliveries" ("notification_id", "channel")`,
    );
    await q.query(`
      ALTER TABLE "notification_deliveries"
      ADD CONSTRAINT "fk_notification_deliveries_notification" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification_deliveries"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "telegram_chat_id"`);
  }
}
