import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from '@mc/database';
import { NotificationsService, type NotificationChannel } from '@mc/notifications';
import { DeadLetterService } from '@mc/queue';
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  randomTestDatabaseName,
  readMail,
  startBotApiStub,
  startSmtpServer,
  waitFor,
} from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';
import { EmailSendHandler } from '../../apps/worker/src/notifications/email-send.handler.js';
import { TelegramSendHandler } from '../../apps/worker/src/notifications/telegram-send.handler.js';

const BOT_TOKEN = '123:abc';

interface DeliveryRow {
  channel: NotificationChannel;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

describe('notifications: in-app, e-mail and Telegram', () => {
  // A database of this file alone: a worker of another test file would otherwise relay this
  // file's outbox rows into its own Redis prefix (the run's database is shared, prefixes are not).
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_notify');
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let bot: Awaited<ReturnType<typeof startBotApiStub>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: { id: string; token: string };

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    smtp = await startSmtpServer();
    bot = await startBotApiStub();
    api = await createTestApi({
      DATABASE_URL: databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Tracker <noreply@tracker.test>',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: `http://127.0.0.1:${bot.port}`,
    });
    // Same config, so the same Redis prefix: the worker takes the jobs this API's outbox produces.
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    db = api.app.get(DataSource);
    admin = await api.userWithRole('admin');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.server.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (bot ? bot.server.close(() => resolve()) : resolve()));
    await dropDatabase(serverUrl, databaseName);
  });

  /** A caseworker with a Telegram chat of its own (or none). */
  async function recipient(withTelegram = true) {
    const user = await api.userWithRole('caseworker');
    const chatId = withTelegram ? String(randomInt(1_000_000, 2_000_000_000)) : null;
    await db.query(`UPDATE "users" SET "telegram_chat_id" = $1 WHERE "id" = $2`, [chatId, user.id]);
    return { ...user, chatId };
  }

  async function sendTest(userId: string) {
    const res = await api.post('/api/v1/notifications/test', { userId }, { token: admin.token });
    expect(res.status).toBe(201);
    return res.body as { notification: { id: string }; channels: NotificationChannel[] };
  }

  async function deliveries(notificationId: string): Promise<DeliveryRow[]> {
    return db.query(
      `SELECT "channel", "status", "attempts", "last_error", "sent_at" FROM "notification_deliveries"
        WHERE "notification_id" = $1 ORDER BY "channel"`,
      [notificationId],
    );
  }

  function waitForDeliveries(notificationId: string, done: (rows: DeliveryRow[]) => boolean) {
    return waitFor(() => deliveries(notificationId), done);
  }

  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

  it('shows a notification unread in the recipient’s list, marks it read, and hides it from others', async () => {
    const user = await recipient(false);
    const other = await recipient(false);
    const sent = await sendTest(user.id);
    const id = sent.notification.id;

    const list = await api.get('/api/v1/notifications', { token: user.token });
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toEqual({
      id,
      kind: 'test',
      title: 'Test notification',
      body: expect.any(String),
      complaintId: null,
      stepId: null,
      createdAt: expect.any(String),
      readAt: null,
    });
    const unread = await api.get('/api/v1/notifications?unread=true', { token: user.token });
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual([id]);

    expect((await api.post(`/api/v1/notifications/${id}/read`, undefined, { token: other.token })).status).toBe(404);
    const othersList = await api.get('/api/v1/notifications', { token: other.token });
    expect(othersList.body.items.map((n: { id: string }) => n.id)).not.toContain(id);

    const read = await api.post(`/api/v1/notifications/${id}/read`, undefined, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, readAt: expect.any(String) });
    const again = await api.post(`/api/v1/notifications/${id}/read`, undefined, { token: user.token });
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    expect((await api.get('/api/v1/notifications?unread=true', { token: user.token })).body.items).toEqual([]);
    expect((await api.get('/api/v1/notifications', { token: user.token })).body.items).toHaveLength(1);
  });

  it('answers 404 for a missing notification, 400 for a bad id, cursor or flag, 401 without a token', async () => {
    const user = await recipient(false);
    expect((await api.post(`/api/v1/notifications/${newId()}/read`, undefined, { token: user.token })).status).toBe(
      404,
    );
    expect((await api.post('/api/v1/notifications/nope/read', undefined, { token: user.token })).status).toBe(400);
    expect((await api.get('/api/v1/notifications?cursor=bogus', { token: user.token })).status).toBe(400);
    expect((await api.get('/api/v1/notifications?unread=maybe', { token: user.token })).status).toBe(400);
    expect((await api.get('/api/v1/notifications?limit=201', { token: user.token })).status).toBe(400);
    expect((await api.get('/api/v1/notifications')).status).toBe(401);
  });

  it('pages newest first with a cursor', async () => {
    const user = await recipient(false);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { notification } = await db.transaction((manager) =>
        api.app.get(NotificationsService).notify(manager, {
          userId: user.id,
          kind: 'step.overdue',
          title: `MC-${new Date().getUTCFullYear()}-0000${i}: step overdue`,
          body: 'Overdue since yesterday.',
          complaintId: newId(),
        }),
      );
      ids.push(notification.id);
    }
    const first = await api.get('/api/v1/notifications?limit=2', { token: user.token });
    expect(first.body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`, {
      token: user.token,
    });
    expect(second.body.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('lets only admins send a test notification, and only to an existing user', async () => {
    const caseworker = await recipient(false);
    const forbidden = await api.post(
      '/api/v1/notifications/test',
      { userId: caseworker.id },
      { token: caseworker.token },
    );
    expect(forbidden.status).toBe(403);
    expect((await api.post('/api/v1/notifications/test', { userId: newId() }, { token: admin.token })).status).toBe(
      404,
    );
    expect((await api.post('/api/v1/notifications/test', { userId: 'x' }, { token: admin.token })).status).toBe(400);
  });

  it('sends the e-mail exactly once and one sendMessage to the user’s Telegram chat', async () => {
    const user = await recipient(true);
    const sent = await sendTest(user.id);
    expect(sent.channels).toEqual(['email', 'telegram']);
    const id = sent.notification.id;

    const rows = await waitForDeliveries(id, (r) => r.length === 2 && r.every((d) => d.status === 'sent'));
    expect(rows).toEqual([
      { channel: 'email', status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(Date) },
      { channel: 'telegram', status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(Date) },
    ]);
    await sleep(500); // room for a duplicate to show up, if there were one
    const mails = mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain('Subject: Test notification');
    expect(mails[0]!.raw).toContain('From: Tracker <noreply@tracker.test>');
    expect(mails[0]!.raw).toMatch(new RegExp(`Message-ID: <notification-${id}@[^>]+>`, 'i'));
    const calls = bot.requestsFor(user.chatId!);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(calls[0]!.text).toContain('Test notification');
  });

  it('sends nothing again when a delivery job runs a second time', async () => {
    const user = await recipient(true);
    const id = (await sendTest(user.id)).notification.id;
    await waitForDeliveries(id, (r) => r.length === 2 && r.every((d) => d.status === 'sent'));
    const job = { id: 'repeat-run', attemptsMade: 0, opts: { attempts: 5 } } as Job;
    await worker.get(EmailSendHandler).handle({ notificationId: id }, job);
    await worker.get(EmailSendHandler).handle({ notificationId: id }, job);
    await worker.get(TelegramSendHandler).handle({ notificationId: id }, job);
    expect(mailsTo(user.email)).toHaveLength(1);
    expect(bot.requestsFor(user.chatId!)).toHaveLength(1);
    expect((await deliveries(id)).map((d) => d.attempts)).toEqual([1, 1]);
  });

  it('queues e-mail only for a user without a Telegram chat', async () => {
    const user = await recipient(false);
    const sent = await sendTest(user.id);
    expect(sent.channels).toEqual(['email']);
    const rows = await waitForDeliveries(sent.notification.id, (r) => r[0]?.status === 'sent');
    expect(rows.map((d) => [d.channel, d.status])).toEqual([['email', 'sent']]);
  });

  it('retries after a Telegram 500 and then sends', async () => {
    const user = await recipient(true);
    bot.plan(user.chatId!, [500]);
    const id = (await sendTest(user.id)).notification.id;
    const rows = await waitForDeliveries(id, (r) => r.find((d) => d.channel === 'telegram')?.status === 'sent');
    expect(rows.find((d) => d.channel === 'telegram')).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_error: 'telegram_500',
    });
    expect(bot.requestsFor(user.chatId!)).toHaveLength(2);
  });

  it('fails a delivery on a Telegram 400 without retrying it', async () => {
    const user = await recipient(true);
    bot.plan(user.chatId!, [400, 400, 400, 400, 400]);
    const id = (await sendTest(user.id)).notification.id;
    const rows = await waitForDeliveries(id, (r) => r.find((d) => d.channel === 'telegram')?.status === 'failed');
    expect(rows.find((d) => d.channel === 'telegram')).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'telegram_400',
      sent_at: null,
    });
    const deadLetters = await waitFor(
      () => worker.get(DeadLetterService).findByJob('notifications', `telegram-${id}`),
      (found) => found.length > 0,
    );
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ attempts: 1, error: expect.stringMatching(/failed: telegram_400$/) });
    expect(deadLetters[0]!.error).not.toContain(BOT_TOKEN);
    await sleep(2_500); // a retry would come after 1 s of backoff
    expect(bot.requestsFor(user.chatId!)).toHaveLength(1);
  });

  it('skips the outside channels of an account deactivated before the job ran', async () => {
    const user = await recipient(true);
    // Deliveries are queued while the account is active; it is deactivated in the same transaction,
    // so it is inactive before any job can run.
    const { notification } = await db.transaction(async (manager) => {
      const result = await api.app.get(NotificationsService).notify(manager, {
        userId: user.id,
        kind: 'test',
        title: `Deactivation check ${randomBytes(3).toString('hex')}`,
        body: '',
      });
      await manager.query(`UPDATE "users" SET "active" = false WHERE "id" = $1`, [user.id]);
      return result;
    });
    const rows = await waitForDeliveries(
      notification.id,
      (r) => r.length === 2 && r.every((d) => d.status !== 'pending'),
    );
    expect(rows.map((d) => [d.channel, d.status, d.last_error])).toEqual([
      ['email', 'skipped', 'user_inactive'],
      ['telegram', 'skipped', 'user_inactive'],
    ]);
    expect(mailsTo(user.email)).toHaveLength(0);
    expect(bot.requestsFor(user.chatId!)).toHaveLength(0);
  });

  it('renders in the recipient’s language: Russian in the list, the e-mail and Telegram, English for others', async () => {
    const user = await recipient(true);
    const patched = await api.patch(`/api/v1/users/${user.id}`, { locale: 'ru' }, { token: admin.token });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ locale: 'ru', version: 2 });
    expect((await api.patch(`/api/v1/users/${user.id}`, { locale: 'de' }, { token: admin.token })).status).toBe(400);

    const sent = await sendTest(user.id);
    expect(sent.notification).toMatchObject({ kind: 'test', title: 'Тестовое уведомление' });
    const id = sent.notification.id;
    const list = await api.get('/api/v1/notifications', { token: user.token });
    expect(list.body.items[0]).toMatchObject({
      id,
      kind: 'test',
      title: 'Тестовое уведомление',
      body: 'Администратор отправил это сообщение, чтобы проверить, что уведомления до вас доходят. Ничего делать не нужно.',
    });
    await waitForDeliveries(id, (r) => r.length === 2 && r.every((d) => d.status === 'sent'));
    const mails = mailsTo(user.email);
    expect(mails).toHaveLength(1);
    const mail = readMail(mails[0]!.raw);
    expect(mail.subject).toBe('Тестовое уведомление');
    expect(mail.text).toBe(
      'Тестовое уведомление\n\n' +
        'Администратор отправил это сообщение, чтобы проверить, что уведомления до вас доходят. Ничего делать не нужно.\n\n' +
        `Откройте трекер: ${api.config.publicBaseUrl}`,
    );
    expect(bot.requestsFor(user.chatId!)[0]!.text).toContain('Тестовое уведомление');

    // The language is read when the list is read: switching back shows the same row in English.
    const me = await api.patch('/api/v1/auth/me', { locale: 'en' }, { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body.locale).toBe('en');
    expect((await api.patch('/api/v1/auth/me', { locale: 'xx' }, { token: user.token })).status).toBe(400);
    const again = await api.get('/api/v1/notifications', { token: user.token });
    expect(again.body.items[0]).toMatchObject({ id, title: 'Test notification' });
  });

  it('writes a typed reminder as kind and params only, with no rendered text in the row', async () => {
    const user = await recipient(false);
    await db.query(`UPDATE "users" SET "locale" = 'uk' WHERE "id" = $1`, [user.id]);
    const year = new Date().getUTCFullYear();
    const params = {
      reference: `MC-${year}-00042`,
      stepType: 'labour_court' as const,
      dueDate: `${year}-05-04`,
      dueAt: null,
      deadlineRuleId: 'kschg-4',
    };
    const { notification } = await db.transaction((manager) =>
      api.app.get(NotificationsService).notify(manager, { userId: user.id, kind: 'reminder.due', params }),
    );
    const [row] = await db.query(`SELECT * FROM "notifications" WHERE "id" = $1`, [notification.id]);
    expect(row).toMatchObject({ kind: 'reminder.due', params });
    expect(row).not.toHaveProperty('title');
    const list = await api.get('/api/v1/notifications', { token: user.token });
    expect(list.body.items[0]).toMatchObject({
      id: notification.id,
      title: `MC-${year}-00042: позов до суду з трудових справ — строк 4 травня ${year} р.`,
    });
  });
});
