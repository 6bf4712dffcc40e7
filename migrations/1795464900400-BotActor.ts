import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Telegram bot becomes an actor of its own in the audit log (actor_type 'bot', no id). */
export class BotActor1795464900400 implements MigrationInterface {
  name = 'BotActor1795464900400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "chk_audit_events_actor_type"`);
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "chk_audit_events_actor_type" CHECK ("actor_type" IN ('user', 'partner', 'system', 'public', 'bot'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "chk_audit_events_actor_type"`);
    // NOT VALID: audit rows written by the bot stay (they cannot be changed without breaking the
    // chain); only new rows are held to the old list.
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "chk_audit_events_actor_type" CHECK ("actor_type" IN ('user', 'partner', 'system', 'public')) NOT VALID`,
    );
  }
}
