import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDataSourceOptions, newId } from '@mc/database';
import { renderNotification } from '@mc/notifications';
import { createDatabase, dropDatabase, loadSourceMigrations, randomTestDatabaseName } from '@mc/testing';

/** Rows written before per-language messages keep their text through 1795465000000-NotificationMessages. */
describe('migration NotificationMessages: old notifications stay readable', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_notify_mig');
  let ds: DataSource;
  let migrations: Awaited<ReturnType<typeof loadSourceMigrations>>;

  beforeAll(async () => {
    const url = await createDatabase(serverUrl, databaseName);
    migrations = await loadSourceMigrations();
    const before = migrations.filter((m) => m.name !== 'NotificationMessages1795465000000');
    expect(before).toHaveLength(migrations.length - 1);
    ds = new DataSource(buildDataSourceOptions({ url, entities: [], migrations: before }));
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(serverUrl, databaseName);
  });

  it('moves title and body into params.text, renders them unchanged in every language, and back on revert', async () => {
    const userId = newId();
    const notificationId = newId();
    await ds.query(
      `INSERT INTO "users" ("id", "email", "display_name", "role", "password_hash") VALUES ($1, $2, 'Old', 'caseworker', 'x')`,
      [userId, `old-${userId}@test.local`],
    );
    // The year of today's references, as the fixtures of the other files take it.
    const year = new Date().getUTCFullYear();
    const title = `MC-${year}-00042: labour court claim due ${year}-05-04`;
    const body = `Internal target of MC-${year}-00042: labour court claim, due ${year}-05-04.`;
    await ds.query(
      `INSERT INTO "notifications" ("id", "user_id", "kind", "title", "body") VALUES ($1, $2, 'reminder.due', $3, $4)`,
      [notificationId, userId, title, body],
    );

    await ds.destroy();
    ds = new DataSource({ ...ds.options, migrations } as typeof ds.options);
    await ds.initialize();
    expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([
      'NotificationMessages1795465000000',
    ]);

    const [row] = await ds.query(`SELECT * FROM "notifications" WHERE "id" = $1`, [notificationId]);
    expect(row).toMatchObject({ kind: 'reminder.due', params: { text: { title, body } } });
    expect(row).not.toHaveProperty('title');
    const [user] = await ds.query(`SELECT "locale" FROM "users" WHERE "id" = $1`, [userId]);
    expect(user.locale).toBe('en');
    for (const locale of ['en', 'ru', 'uk']) {
      expect(renderNotification(row.kind, row.params, locale)).toEqual({ title, body });
    }
    await expect(ds.query(`UPDATE "users" SET "locale" = 'de' WHERE "id" = $1`, [userId])).rejects.toThrow(
      /chk_users_locale/,
    );

    await ds.undoLastMigration({ transaction: 'each' });
    const [reverted] = await ds.query(`SELECT "kind", "title", "body" FROM "notifications" WHERE "id" = $1`, [
      notificationId,
    ]);
    expect(reverted).toEqual({ kind: 'reminder.due', title, body });
  });
});
