import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency_keys` keeps no answer any more: `response_enc` (the whole created record, a
 * worker's name and phone included, under the system key, so erasure could not shred it) gives
 * way to the created record's type and id, read again on a replay. `request_hash` becomes an HMAC
 * under a key derived from the master key. Existing rows are deleted: they hold personal data and
 * unkeyed hashes, and a key is only worth 24 hours anyway (a retry after this migration runs anew).
 */
export class IdempotencyKeyed1795464900100 implements MigrationInterface {
  name = 'IdempotencyKeyed1795464900100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "idempotency_keys"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "response_enc"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "resource_type" text`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "resource_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The rows of the new form cannot answer a replay under the old code: drop them too.
    await q.query(`DELETE FROM "idempotency_keys"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "resource_id"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "resource_type"`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "response_enc" text`);
  }
}
