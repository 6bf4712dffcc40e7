import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DeadlineSweepService, ReminderFiringService, reminderJobId, ReminderJobs } from '@mc/escalations';
import { bullPrefix, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';
import {
  createDatabase,
  createTestApi,
  dropDatabase,
  migrateDatabase,
  randomTestDatabaseName,
  startBotApiStub,
  startSmtpServer,
  waitFor,
  type TestApi,
} from '@mc/testing';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';
import { createComplaint, type TestUser } from '../e2e/complaints.helpers.js';

const BOT_TOKEN = '456:reminders';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workerMain = join(repoRoot, 'apps', 'worker', 'dist', 'main.js');

interface ReminderRow {
  id: string;
  status: 'pending' | 'sent' | 'cancelled';
  fire_at: Date;
  sent_at: Date | null;
}

/**
 * Reminders end to end with the real Redis and worker: firing on time and once, through every
 * channel; rescheduling and cancelling; a flushed Redis restored by the sweep; a worker killed
 * in the middle of a reminder. Own database: another file's worker must not relay this file's
 * outbox rows into its own Redis prefix.
 */
describe('reminders: delayed jobs, sweep and crash recovery', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_remind');
  const masterKey = randomBytes(32).toString('base64');
  let databaseUrl: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let bot: Awaited<ReturnType<typeof startBotApiStub>>;
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let db: DataSource;
  let redis: Redis;
  let caseworker: TestUser & { chatId: string };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    smtp = await startSmtpServer();
    bot = await startBotApiStub();
    api = await createTestApi({
      DATABASE_URL: databaseUrl,
      MASTER_KEY: masterKey,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Tracker <noreply@tracker.test>',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: `http://127.0.0.1:${bot.port}`,
    });
    db = api.app.get(DataSource);
    redis = new Redis(api.config.redisUrl);
    const user = await api.userWithRole('caseworker');
    const chatId = String(randomInt(1_000_000, 2_000_000_000));
    await db.query(`UPDATE "users" SET "telegram_chat_id" = $1 WHERE "id" = $2`, [chatId, user.id]);
    caseworker = { ...user, chatId };
    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
  });

  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.quit();
    await new Promise<void>((resolve) => (smtp ? smtp.server.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (bot ? bot.server.close(() => resolve()) : resolve()));
    await dropDatabase(serverUrl, databaseName);
  });

  const remindersQueue = (): Queue => api.app.get<QueuesByName>(QUEUES_BY_NAME).get('reminders')!;

  /** An internal step of a new complaint, due at `dueAt`, reminding at the due time only. */
  async function stepDueAt(dueAt: Date, offsets = ['PT0S']): Promise<{ complaintId: string; stepId: string }> {
    const complaint = await createComplaint(api, caseworker);
    const res = await api.post(
      `/api/v1/complaints/${complaint.id}/steps`,
      { type: 'demand_letter', dueAt: dueAt.toISOString(), reminderOffsets: offsets, assigneeId: caseworker.id },
      { token: caseworker.token },
    );
    expect(res.status, res.text).toBe(201);
    await api.app.get(ReminderJobs).idle();
    return { complaintId: complaint.id, stepId: res.body.id };
  }

  const remindersOf = (stepId: string): Promise<ReminderRow[]> =>
    db.query(`SELECT "id", "status", "fire_at", "sent_at" FROM "reminders" WHERE "step_id" = $1 ORDER BY "fire_at"`, [
      stepId,
    ]);

  const notificationsOf = async (stepId: string, kind = 'reminder.due'): Promise<{ id: string; user_id: string }[]> =>
    db.query(`SELECT "id", "user_id" FROM "notifications" WHERE "step_id" = $1 AND "kind" = $2`, [stepId, kind]);

  const sentOnce = (stepId: string, timeoutMs = 20_000) =>
    waitFor(
      () => remindersOf(stepId),
      (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
      timeoutMs,
    );

  it('fires a reminder due in 2 s once, in the app, by e-mail and by Telegram', async () => {
    const dueAt = new Date(Date.now() + 2_000);
    const { stepId } = await stepDueAt(dueAt);
    const [pending] = await remindersOf(stepId);
    expect(pending!.status).toBe('pending');
    const job = await remindersQueue().getJob(reminderJobId(pending!.id, pending!.fire_at));
    expect(await job?.getState()).toBe('delayed');
    expect(job!.data).toEqual({ reminderId: pending!.id }); // ids only in Redis

    const [sent] = await sentOnce(stepId);
    expect(sent!.sent_at!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime() - 1_000);
    expect(sent!.sent_at!.getTime() - sent!.fire_at.getTime()).toBeLessThan(5_000);

    const notifications = await notificationsOf(stepId);
    expect(notifications).toEqual([{ id: expect.any(String), user_id: caseworker.id }]);
    const deliveries = await waitFor(
      () =>
        db.query(
          `SELECT "channel", "status" FROM "notification_deliveries" WHERE "notification_id" = $1 ORDER BY "channel"`,
          [notifications[0]!.id],
        ) as Promise<{ channel: string; status: string }[]>,
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
    );
    expect(deliveries).toEqual([
      { channel: 'email', status: 'sent' },
      { channel: 'telegram', status: 'sent' },
    ]);
    const mails = smtp.mails.filter((m) => m.to.includes(caseworker.email));
    expect(mails).toHaveLength(1);
    const messages = bot.requestsFor(caseworker.chatId);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(messages[0]!.text).toMatch(/MC-\d{4}-\d{5}: written demand to the employer due/);

    // A worker that died after the commit but before BullMQ recorded the completion: the job runs
    // again, finds the row sent, and sends nothing.
    const again = await worker!.get(ReminderFiringService).fire(sent!.id, reminderJobId(sent!.id, sent!.fire_at));
    expect(again.outcome).toBe('already_sent');

    // Room for a duplicate to show up, if there were one; the in-app list shows it too.
    await sleep(1_500);
    expect(await notificationsOf(stepId)).toHaveLength(1);
    expect(bot.requestsFor(caseworker.chatId)).toHaveLength(1);
    const list = await api.get('/api/v1/notifications', { token: caseworker.token });
    expect(list.body.items.filter((n: { stepId: string }) => n.stepId === stepId)).toHaveLength(1);

    // Operators see the lateness on /metrics (read from Postgres, whichever worker fired).
    const metrics = await api.get('/metrics');
    const p99 = /mc_reminder_lateness_seconds\{quantile="0\.99"\} ([\d.e-]+)/.exec(metrics.text);
    expect(p99, metrics.text.slice(0, 500)).not.toBeNull();
    expect(Number(p99![1])).toBeLessThan(5);
    expect(metrics.text).toMatch(/mc_reminders\{state="late"\} 0/);
  }, 40_000);

  it('fires a rescheduled reminder at its new time only, and a cancelled one never', async () => {
    const moved = await stepDueAt(new Date(Date.now() + 2_000));
    const cancelled = await stepDueAt(new Date(Date.now() + 2_000));
    const [before] = await remindersOf(moved.stepId);
    const newDue = new Date(Date.now() + 5_000);
    const patch = await api.patch(
      `/api/v1/complaints/${moved.complaintId}/steps/${moved.stepId}`,
      { dueAt: newDue.toISOString() },
      { token: caseworker.token },
    );
    expect(patch.status, patch.text).toBe(200);
    const done = await api.patch(
      `/api/v1/complaints/${cancelled.complaintId}/steps/${cancelled.stepId}`,
      { status: 'done' },
      { token: caseworker.token },
    );
    expect(done.status, done.text).toBe(200);
    await api.app.get(ReminderJobs).idle();
    // The old job is gone from Redis; the row (same id) carries the new time.
    expect(await remindersQueue().getJob(reminderJobId(before!.id, before!.fire_at))).toBeUndefined();

    await sleep(3_500); // past the original time
    expect((await remindersOf(moved.stepId))[0]!.status).toBe('pending');
    const [sent] = await sentOnce(moved.stepId);
    expect(sent!.id).toBe(before!.id);
    expect(sent!.sent_at!.getTime()).toBeGreaterThanOrEqual(newDue.getTime() - 1_000);
    expect(await notificationsOf(moved.stepId)).toHaveLength(1);

    const [cancelledRow] = await remindersOf(cancelled.stepId);
    expect(cancelledRow!.status).toBe('cancelled');
    expect(await notificationsOf(cancelled.stepId)).toHaveLength(0);
  }, 40_000);

  it('restores every pending reminder after the test prefix is flushed, and each fires exactly once', async () => {
    const soon = await Promise.all([0, 1, 2].map(() => stepDueAt(new Date(Date.now() + 4_000))));
    // One that should have fired during the outage: its time is already past when the sweep runs.
    const late = await stepDueAt(new Date(Date.now() + 60_000));
    await db.query(`UPDATE "reminders" SET "fire_at" = now() - interval '2 minutes' WHERE "step_id" = $1`, [
      late.stepId,
    ]);

    // FLUSHALL, limited to this test's prefix: every BullMQ key of every queue goes.
    const pattern = `${bullPrefix(api.config.redisPrefix)}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    for (const { stepId } of soon) {
      const [row] = await remindersOf(stepId);
      expect(await remindersQueue().getJob(reminderJobId(row!.id, row!.fire_at))).toBeUndefined();
    }

    const sweep = worker!.get(DeadlineSweepService);
    const first = await sweep.sweep();
    expect(first.checked).toBeGreaterThanOrEqual(4);
    expect(first.restoredLate).toBe(1);
    const second = await sweep.sweep(); // a second run restores nothing: the jobs exist (deterministic ids)
    expect(second.restoredLate).toBe(0);
    const jobs = await remindersQueue().getJobs(['delayed', 'waiting', 'active', 'completed']);
    const ids = jobs.filter((j) => j.name === 'reminder.fire').map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);

    for (const { stepId } of [...soon, late]) {
      await sentOnce(stepId);
      expect(await notificationsOf(stepId)).toHaveLength(1);
    }
    await sleep(1_500);
    await sweep.sweep(); // after firing: nothing is pending, nothing fires again
    await sleep(500);
    for (const { stepId } of [...soon, late]) expect(await notificationsOf(stepId)).toHaveLength(1);
  }, 60_000);

  it('reminds whoever filed an unassigned complaint, and the coordinators when nobody owns it', async () => {
    const coordinator = await api.userWithRole('coordinator');
    const filed = await createComplaint(api, caseworker);
    const ownStep = await api.post(
      `/api/v1/complaints/${filed.id}/steps`,
      { type: 'other', dueAt: new Date(Date.now() + 1_500).toISOString(), reminderOffsets: ['PT0S'] },
      { token: caseworker.token },
    );
    expect(ownStep.status, ownStep.text).toBe(201);
    // Nobody owns this one: filed by nobody (as a public intake is) and assigned to nobody.
    const orphan = await stepDueAt(new Date(Date.now() + 1_500));
    await db.query(`UPDATE "complaints" SET "created_by" = NULL WHERE "id" = $1`, [orphan.complaintId]);
    await db.query(`UPDATE "escalation_steps" SET "assignee_id" = NULL WHERE "id" = $1`, [orphan.stepId]);
    await api.app.get(ReminderJobs).idle();

    await sentOnce(ownStep.body.id);
    expect((await notificationsOf(ownStep.body.id)).map((n) => n.user_id)).toEqual([caseworker.id]);
    await sentOnce(orphan.stepId);
    const orphanRecipients = (await notificationsOf(orphan.stepId)).map((n) => n.user_id);
    expect(orphanRecipients).toContain(coordinator.id);
    expect(orphanRecipients).not.toContain(caseworker.id);
  }, 30_000);

  it('relays a reminder whose job never reached Redis (crash between commit and add)', async () => {
    const { stepId } = await stepDueAt(new Date(Date.now() + 60_000), ['PT0S']);
    const [row] = await remindersOf(stepId);
    const jobs = api.app.get(ReminderJobs);
    // The post-commit add recorded the job.
    const [added] = await db.query(`SELECT "job_added_at" FROM "reminders" WHERE "id" = $1`, [row!.id]);
    expect(added.job_added_at).toBeInstanceOf(Date);
    // As if the API died right after COMMIT: no job, nothing recorded, a few seconds ago.
    await remindersQueue().remove(reminderJobId(row!.id, row!.fire_at));
    await db.query(
      `UPDATE "reminders" SET "job_added_at" = NULL, "updated_at" = now() - interval '10 seconds' WHERE "id" = $1`,
      [row!.id],
    );
    expect(await remindersQueue().getJob(reminderJobId(row!.id, row!.fire_at))).toBeUndefined();
    expect(await jobs.relayMissing()).toBeGreaterThanOrEqual(1);
    const job = await remindersQueue().getJob(reminderJobId(row!.id, row!.fire_at));
    expect(await job?.getState()).toBe('delayed');
    const [marked] = await db.query(`SELECT "job_added_at" FROM "reminders" WHERE "id" = $1`, [row!.id]);
    expect(marked.job_added_at).toBeInstanceOf(Date);
    expect(await jobs.relayMissing()).toBe(0);
  });

  it('fires while a caseworker changes the same case, without a deadlock', async () => {
    const { complaintId, stepId } = await stepDueAt(new Date(Date.now() + 1_000), ['PT0S']);
    const [row] = await remindersOf(stepId);
    // The firing under test is this one, not the running worker's: its job goes.
    await remindersQueue().remove(reminderJobId(row!.id, row!.fire_at));
    await sleep(1_200); // the reminder is due; hold the case as an API change does: complaint, then reminders
    const change = db.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    try {
      await change.query(`SELECT 1 FROM "complaints" WHERE "id" = $1 FOR UPDATE`, [complaintId]);
      const firing = worker!.get(ReminderFiringService).fire(row!.id, reminderJobId(row!.id, row!.fire_at));
      await sleep(300); // the firing waits for the case (it must not hold the reminder meanwhile)
      await change.query(`SELECT 1 FROM "reminders" WHERE "step_id" = $1 FOR UPDATE`, [stepId]);
      await change.commitTransaction();
      const result = await firing;
      expect(result.outcome).toBe('sent');
    } finally {
      if (change.isTransactionActive) await change.rollbackTransaction();
      await change.release();
    }
    await sentOnce(stepId);
    expect(await notificationsOf(stepId)).toHaveLength(1);
  });

  it('sends the reminders of a reassigned case to its new owner, not to the caseworker who lost it', async () => {
    const coordinator = await api.userWithRole('coordinator');
    const successor = await api.userWithRole('caseworker');
    const { complaintId, stepId } = await stepDueAt(new Date(Date.now() + 2_000), ['PT0S']);
    const reassigned = await api.post(
      `/api/v1/complaints/${complaintId}/assign`,
      { userId: successor.id },
      { token: coordinator.token },
    );
    expect(reassigned.status, reassigned.text).toBe(200);
    // caseworker filed the case, so may still open it: make the case someone else's entirely.
    await db.query(`UPDATE "complaints" SET "created_by" = $1 WHERE "id" = $2`, [coordinator.id, complaintId]);
    await sentOnce(stepId);
    expect((await notificationsOf(stepId)).map((n) => n.user_id)).toEqual([successor.id]);
  }, 30_000);

  it('does not report a paused internal target or a step of a finished case as overdue', async () => {
    const coordinator = await api.userWithRole('coordinator');
    const paused = await stepDueAt(new Date(Date.now() - 60_000), ['PT0S']);
    const pause = await api.post(`/api/v1/complaints/${paused.complaintId}/clock/pause`, undefined, {
      token: caseworker.token,
    });
    expect(pause.status, pause.text).toBe(200);
    const finished = await stepDueAt(new Date(Date.now() - 60_000), ['PT0S']);
    const rejected = await api.post(
      `/api/v1/complaints/${finished.complaintId}/transitions`,
      { to: 'rejected', reason: 'duplicate' },
      { token: coordinator.token },
    );
    expect(rejected.status, rejected.text).toBe(200);
    await worker!.get(DeadlineSweepService).sweep();
    expect(await notificationsOf(paused.stepId, 'step.overdue')).toHaveLength(0);
    expect(await notificationsOf(finished.stepId, 'step.overdue')).toHaveLength(0);
    const step = await api.get(`/api/v1/complaints/${paused.complaintId}/steps/${paused.stepId}`, {
      token: caseworker.token,
    });
    expect(step.body.overdue).toBe(false);
  });

  it('reports an overdue step once, to its assignee and the coordinators', async () => {
    const coordinator = await api.userWithRole('coordinator');
    const { stepId, complaintId } = await stepDueAt(new Date(Date.now() - 60_000), ['PT0S']);
    const sweep = worker!.get(DeadlineSweepService);
    await sweep.sweep();
    await sweep.sweep();
    const rows = await notificationsOf(stepId, 'step.overdue');
    const recipients = rows.map((r) => r.user_id);
    expect(recipients).toContain(caseworker.id);
    expect(recipients).toContain(coordinator.id);
    expect(new Set(recipients).size).toBe(recipients.length);
    const overdue = await api.get('/api/v1/complaints?overdue=true&limit=200', { token: caseworker.token });
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(complaintId);
    const notOverdue = await api.get('/api/v1/complaints?overdue=false&limit=200', { token: caseworker.token });
    expect(notOverdue.body.items.map((c: { id: string }) => c.id)).not.toContain(complaintId);
  });

  it('neither loses nor repeats a reminder whose worker is killed (SIGKILL) in the middle of it', async () => {
    // Only child processes work on this one: the in-process worker stops first.
    await worker!.close();
    worker = undefined;
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: api.config.redisUrl,
      REDIS_PREFIX: api.config.redisPrefix,
      MASTER_KEY: masterKey,
      DATA_DIR: api.config.dataDir,
      LOG_LEVEL: 'silent',
      WORKER_LOCK_DURATION_MS: '3000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    };
    const startChild = () => {
      const child = spawn(process.execPath, [workerMain], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      children.push(child);
      return { child, output: () => output, exit: once(child, 'exit') };
    };

    const { stepId } = await stepDueAt(new Date(Date.now() + 1_000));
    const [row] = await remindersOf(stepId);
    const jobId = reminderJobId(row!.id, row!.fire_at);

    // Hold the reminder row, so the first worker is caught inside its transaction when killed.
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM "reminders" WHERE "id" = $1 FOR UPDATE`, [row!.id]);
    try {
      const first = startChild();
      await waitFor(
        async () => (await remindersQueue().getJob(jobId))?.getState(),
        (state) => state === 'active',
        20_000,
      );
      expect(await (await remindersQueue().getJob(jobId))!.getState(), first.output()).toBe('active');
      first.child.kill('SIGKILL');
      const [, signal] = await first.exit;
      expect(signal).toBe('SIGKILL');
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await remindersOf(stepId))[0]!.status).toBe('pending');

    const second = startChild();
    await sentOnce(stepId, 30_000);
    await waitFor(
      async () => (await remindersQueue().getJob(jobId))?.getState(),
      (state) => state === 'completed',
      10_000,
    );
    const job = await remindersQueue().getJob(jobId);
    expect(job!.attemptsStarted, second.output()).toBe(2);
    expect(job!.stalledCounter).toBe(1);
    await sleep(1_000);
    expect(await notificationsOf(stepId)).toHaveLength(1);
    second.child.kill('SIGTERM');
    const [code] = await second.exit;
    expect(code).toBe(0);
  }, 60_000);
});
