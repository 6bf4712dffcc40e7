import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineSweepService, ReminderFiringService, reminderJobId, ReminderJobs } from '@mc/escalations';
import { readMail } from '@mc/testing';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';
import { createComplaint } from '../e2e/complaints.helpers.js';
import { BOT_TOKEN, ReminderWorld, sleepUntil } from './reminders.harness.js';

/*
 * Reminders end to end with the real Redis and an in-process worker: firing on time and once,
 * through every channel; rescheduling and cancelling; who receives them; the relay; overdue
 * reports. Every due time is set after the setup requests it depends on, with seconds of room,
 * so a busy machine makes a test slower, not wrong. The flush and the SIGKILL cases live in files
 * of their own (reminders-flush.spec.ts, reminders-crash.spec.ts): they wreck what they run on.
 */
describe('reminders: delayed jobs, recipients, relay and overdue reports', () => {
  let world: ReminderWorld;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    world = await ReminderWorld.create('remind');
    worker = await createWorkerApp(world.api.config, DEFAULT_WORKER_SETTINGS);
  });

  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  it('fires a reminder due in a few seconds once, in the app, by e-mail and by Telegram', async () => {
    const step = await world.stepDueIn(3_000);
    const { stepId } = step;
    const [pending] = await world.remindersOf(stepId);
    expect(pending!.status).toBe('pending');
    const job = await world.remindersQueue().getJob(reminderJobId(pending!.id, pending!.fire_at));
    expect(await job?.getState()).toBe('delayed');
    expect(job!.data).toEqual({ reminderId: pending!.id }); // ids only in Redis

    const [sent] = await world.sentOnce(stepId);
    expect(sent!.sent_at!.getTime()).toBeGreaterThanOrEqual(pending!.fire_at.getTime() - 1_000);
    expect(sent!.sent_at!.getTime() - sent!.fire_at.getTime()).toBeLessThan(5_000);

    const notifications = await world.notificationsOf(stepId);
    expect(notifications).toEqual([{ id: expect.any(String), user_id: world.caseworker.id }]);
    await world.deliveredOnce(stepId);
    const { mails, telegram } = world.reminderMessages(step);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([world.caseworker.email]);
    expect(telegram).toHaveLength(1);
    expect(telegram[0]!.chatId).toBe(world.caseworker.chatId);
    expect(telegram[0]!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(telegram[0]!.text).toMatch(/MC-\d{4}-\d{5}: written demand to the employer due/);

    // A worker that died after the commit but before BullMQ recorded the completion: the job runs
    // again, finds the row sent, and sends nothing.
    const again = await worker.get(ReminderFiringService).fire(sent!.id, reminderJobId(sent!.id, sent!.fire_at));
    expect(again.outcome).toBe('already_sent');

    // Room for a duplicate to show up, if there were one; the in-app list shows it too.
    await sleep(1_500);
    expect(await world.notificationsOf(stepId)).toHaveLength(1);
    expect(world.reminderMessages(step).mails).toHaveLength(1);
    expect(world.reminderMessages(step).telegram).toHaveLength(1);
    const list = await world.api.get('/api/v1/notifications', { token: world.caseworker.token });
    expect(list.body.items.filter((n: { stepId: string }) => n.stepId === stepId)).toHaveLength(1);

    // Operators see the lateness on /metrics (read from Postgres, whichever worker fired).
    const metrics = await world.api.get('/metrics');
    const p99 = /mc_reminder_lateness_seconds\{quantile="0\.99"\} ([\d.e-]+)/.exec(metrics.text);
    expect(p99, metrics.text.slice(0, 500)).not.toBeNull();
    expect(Number(p99![1])).toBeLessThan(5);
    expect(metrics.text).toMatch(/mc_reminders\{state="late"\} 0/);
  }, 40_000);

  it('fires a rescheduled reminder at its new time only, and a cancelled one never', async () => {
    const moved = await world.stepDueIn(4_000);
    const cancelled = await world.stepDueIn(4_000);
    const [before] = await world.remindersOf(moved.stepId);
    const [cancelledBefore] = await world.remindersOf(cancelled.stepId);
    const newDue = await world.moveStepDueIn(moved, 9_000);
    const done = await world.api.patch(
      `/api/v1/complaints/${cancelled.complaintId}/steps/${cancelled.stepId}`,
      { status: 'done' },
      { token: world.caseworker.token },
    );
    expect(done.status, done.text).toBe(200);
    await world.api.app.get(ReminderJobs).idle();
    // The old job is gone from Redis; the row (same id) carries the new time.
    expect(await world.remindersQueue().getJob(reminderJobId(before!.id, before!.fire_at))).toBeUndefined();

    await sleepUntil(Math.max(before!.fire_at.getTime(), cancelledBefore!.fire_at.getTime()) + 1_500);
    expect((await world.remindersOf(moved.stepId))[0]!.status).toBe('pending');
    const [sent] = await world.sentOnce(moved.stepId);
    expect(sent!.id).toBe(before!.id);
    expect(sent!.sent_at!.getTime()).toBeGreaterThanOrEqual(newDue.getTime() - 1_000);
    expect(await world.notificationsOf(moved.stepId)).toHaveLength(1);

    const [cancelledRow] = await world.remindersOf(cancelled.stepId);
    expect(cancelledRow!.status).toBe('cancelled');
    expect(await world.notificationsOf(cancelled.stepId)).toHaveLength(0);
  }, 40_000);

  it('reminds whoever filed an unassigned complaint, and the coordinators when nobody owns it', async () => {
    const coordinator = await world.api.userWithRole('coordinator');
    const filed = await createComplaint(world.api, world.caseworker);
    const ownStep = await world.api.post(
      `/api/v1/complaints/${filed.id}/steps`,
      { type: 'other', dueAt: new Date(Date.now() + 3_000).toISOString(), reminderOffsets: ['PT0S'] },
      { token: world.caseworker.token },
    );
    expect(ownStep.status, ownStep.text).toBe(201);
    // Nobody owns this one: filed by nobody (as a public intake is) and assigned to nobody. Its
    // due time is set only once it is nobody's, so it cannot fire for the caseworker meanwhile.
    const orphan = await world.stepDueIn(120_000);
    await world.db.query(`UPDATE "complaints" SET "created_by" = NULL WHERE "id" = $1`, [orphan.complaintId]);
    await world.db.query(`UPDATE "escalation_steps" SET "assignee_id" = NULL WHERE "id" = $1`, [orphan.stepId]);
    await world.moveStepDueIn(orphan, 3_000, coordinator.token);

    await world.sentOnce(ownStep.body.id);
    expect((await world.notificationsOf(ownStep.body.id)).map((n) => n.user_id)).toEqual([world.caseworker.id]);
    await world.sentOnce(orphan.stepId);
    const orphanRecipients = (await world.notificationsOf(orphan.stepId)).map((n) => n.user_id);
    expect(orphanRecipients).toContain(coordinator.id);
    expect(orphanRecipients).not.toContain(world.caseworker.id);
  }, 40_000);

  it('relays a reminder whose job never reached Redis (crash between commit and add)', async () => {
    const { stepId } = await world.stepDueIn(60_000);
    const [row] = await world.remindersOf(stepId);
    const jobs = world.api.app.get(ReminderJobs);
    // The post-commit add recorded the job.
    const [added] = await world.db.query(`SELECT "job_added_at" FROM "reminders" WHERE "id" = $1`, [row!.id]);
    expect(added.job_added_at).toBeInstanceOf(Date);
    // As if the API died right after COMMIT: no job, nothing recorded, a few seconds ago.
    await world.remindersQueue().remove(reminderJobId(row!.id, row!.fire_at));
    await world.db.query(
      `UPDATE "reminders" SET "job_added_at" = NULL, "updated_at" = now() - interval '10 seconds' WHERE "id" = $1`,
      [row!.id],
    );
    expect(await world.remindersQueue().getJob(reminderJobId(row!.id, row!.fire_at))).toBeUndefined();
    expect(await jobs.relayMissing()).toBeGreaterThanOrEqual(1);
    const job = await world.remindersQueue().getJob(reminderJobId(row!.id, row!.fire_at));
    expect(await job?.getState()).toBe('delayed');
    const [marked] = await world.db.query(`SELECT "job_added_at" FROM "reminders" WHERE "id" = $1`, [row!.id]);
    expect(marked.job_added_at).toBeInstanceOf(Date);
    expect(await jobs.relayMissing()).toBe(0);
  });

  it('fires while a caseworker changes the same case, without a deadlock', async () => {
    const { complaintId, stepId } = await world.stepDueIn(60_000);
    const [scheduled] = await world.remindersOf(stepId);
    // The firing under test is this one, not the running worker's: its job goes, and the row is
    // made due now (the sweep re-adds only reminders more than 30 s late, the relay none of these).
    await world.remindersQueue().remove(reminderJobId(scheduled!.id, scheduled!.fire_at));
    await world.db.query(`UPDATE "reminders" SET "fire_at" = now() - interval '1 second' WHERE "id" = $1`, [
      scheduled!.id,
    ]);
    const [row] = await world.remindersOf(stepId);
    // Hold the case as an API change does: complaint first, then its reminders.
    const change = world.db.createQueryRunner();
    await change.connect();
    await change.startTransaction();
    try {
      await change.query(`SELECT 1 FROM "complaints" WHERE "id" = $1 FOR UPDATE`, [complaintId]);
      const firing = worker.get(ReminderFiringService).fire(row!.id, reminderJobId(row!.id, row!.fire_at));
      await sleep(300); // the firing waits for the case (it must not hold the reminder meanwhile)
      await change.query(`SELECT 1 FROM "reminders" WHERE "step_id" = $1 FOR UPDATE`, [stepId]);
      await change.commitTransaction();
      const result = await firing;
      expect(result.outcome).toBe('sent');
    } finally {
      if (change.isTransactionActive) await change.rollbackTransaction();
      await change.release();
    }
    await world.sentOnce(stepId);
    expect(await world.notificationsOf(stepId)).toHaveLength(1);
  });

  it('sends the reminders of a reassigned case to its new owner, not to the caseworker who lost it', async () => {
    const coordinator = await world.api.userWithRole('coordinator');
    const successor = await world.api.userWithRole('caseworker');
    const step = await world.stepDueIn(120_000);
    const reassigned = await world.api.post(
      `/api/v1/complaints/${step.complaintId}/assign`,
      { userId: successor.id },
      { token: coordinator.token },
    );
    expect(reassigned.status, reassigned.text).toBe(200);
    // caseworker filed the case, so may still open it: make the case someone else's entirely.
    await world.db.query(`UPDATE "complaints" SET "created_by" = $1 WHERE "id" = $2`, [
      coordinator.id,
      step.complaintId,
    ]);
    // Due only once the case changed hands.
    await world.moveStepDueIn(step, 3_000, coordinator.token);
    await world.sentOnce(step.stepId);
    expect((await world.notificationsOf(step.stepId)).map((n) => n.user_id)).toEqual([successor.id]);
  }, 30_000);

  it('does not report a paused internal target or a step of a finished case as overdue', async () => {
    const coordinator = await world.api.userWithRole('coordinator');
    const paused = await world.stepDueIn(-60_000);
    const pause = await world.api.post(`/api/v1/complaints/${paused.complaintId}/clock/pause`, undefined, {
      token: world.caseworker.token,
    });
    expect(pause.status, pause.text).toBe(200);
    const finished = await world.stepDueIn(-60_000);
    const rejected = await world.api.post(
      `/api/v1/complaints/${finished.complaintId}/transitions`,
      { to: 'rejected', reason: 'duplicate' },
      { token: coordinator.token },
    );
    expect(rejected.status, rejected.text).toBe(200);
    await worker.get(DeadlineSweepService).sweep();
    expect(await world.notificationsOf(paused.stepId, 'step.overdue')).toHaveLength(0);
    expect(await world.notificationsOf(finished.stepId, 'step.overdue')).toHaveLength(0);
    const step = await world.api.get(`/api/v1/complaints/${paused.complaintId}/steps/${paused.stepId}`, {
      token: world.caseworker.token,
    });
    expect(step.body.overdue).toBe(false);
  });

  it('reports an overdue step once, to its assignee and the coordinators', async () => {
    const coordinator = await world.api.userWithRole('coordinator');
    const { stepId, complaintId } = await world.stepDueIn(-60_000);
    const sweep = worker.get(DeadlineSweepService);
    await sweep.sweep();
    await sweep.sweep();
    const rows = await world.notificationsOf(stepId, 'step.overdue');
    const recipients = rows.map((r) => r.user_id);
    expect(recipients).toContain(world.caseworker.id);
    expect(recipients).toContain(coordinator.id);
    expect(new Set(recipients).size).toBe(recipients.length);
    const overdue = await world.api.get('/api/v1/complaints?overdue=true&limit=200', { token: world.caseworker.token });
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(complaintId);
    const notOverdue = await world.api.get('/api/v1/complaints?overdue=false&limit=200', {
      token: world.caseworker.token,
    });
    expect(notOverdue.body.items.map((c: { id: string }) => c.id)).not.toContain(complaintId);
  });

  it('sends a reminder in the recipient’s language: Russian for a caseworker who reads Russian', async () => {
    await world.db.query(`UPDATE "users" SET "locale" = 'ru' WHERE "id" = $1`, [world.caseworker.id]);
    try {
      const step = await world.stepDueIn(3_000);
      await world.sentOnce(step.stepId);
      await world.deliveredOnce(step.stepId);
      const title = new RegExp(
        `^${step.reference}: письменное требование к работодателю — срок \\d{1,2} \\S+ \\d{4} г\\. в \\d{2}:\\d{2} UTC$`,
      );
      const { telegram } = world.reminderMessages(step);
      expect(telegram).toHaveLength(1);
      const [first, body, link] = telegram[0]!.text.split('\n\n');
      expect(first).toMatch(title);
      expect(body).toMatch(new RegExp(`^Внутренний срок по делу ${step.reference}: письменное требование`));
      expect(link).toMatch(/^Откройте трекер: /);
      const mail = readMail(world.smtp.mails.find((m) => readMail(m.raw).subject.startsWith(step.reference))!.raw);
      expect(mail.subject).toMatch(title);
      expect(mail.text).toBe(telegram[0]!.text);
      const list = await world.api.get('/api/v1/notifications', { token: world.caseworker.token });
      expect(list.body.items.find((n: { stepId: string }) => n.stepId === step.stepId).title).toMatch(title);
    } finally {
      await world.db.query(`UPDATE "users" SET "locale" = 'en' WHERE "id" = $1`, [world.caseworker.id]);
    }
  });
});
