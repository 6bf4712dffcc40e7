import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reminderJobId } from '@mc/escalations';
import { waitFor } from '@mc/testing';
import { ReminderWorld, REPO_ROOT, WORKER_MAIN } from './reminders.harness.js';

/*
 * A worker process killed (SIGKILL) in the middle of a reminder, and another finishing it. Only
 * worker processes of this file work on its queue (no in-process worker), and they send e-mail
 * and Telegram through the stubs, so a duplicate notification, mail or message would show.
 */
describe('reminders when a worker process dies in the middle of one', () => {
  let world: ReminderWorld;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    world = await ReminderWorld.create('crash');
  });

  afterEach(() => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  afterAll(async () => {
    await world?.close();
  });

  const startChild = () => {
    const env = world.childEnv({ WORKER_LOCK_DURATION_MS: '3000', WORKER_STALLED_INTERVAL_MS: '1000' });
    const child = spawn(process.execPath, [WORKER_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    children.push(child);
    return { child, output: () => output, exit: once(child, 'exit') };
  };

  it('neither loses nor repeats a reminder, a mail or a Telegram message', async () => {
    const step = await world.stepDueIn(1_000);
    const { stepId } = step;
    const [row] = await world.remindersOf(stepId);
    const jobId = reminderJobId(row!.id, row!.fire_at);

    // Hold the reminder row, so the first worker is caught inside its transaction when killed.
    const holder = world.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM "reminders" WHERE "id" = $1 FOR UPDATE`, [row!.id]);
    try {
      const first = startChild();
      await waitFor(
        async () => (await world.remindersQueue().getJob(jobId))?.getState(),
        (state) => state === 'active',
        30_000,
      );
      expect(await (await world.remindersQueue().getJob(jobId))!.getState(), first.output()).toBe('active');
      first.child.kill('SIGKILL');
      const [, signal] = await first.exit;
      expect(signal).toBe('SIGKILL');
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await world.remindersOf(stepId))[0]!.status).toBe('pending');

    const second = startChild();
    await world.sentOnce(stepId, 30_000);
    await waitFor(
      async () => (await world.remindersQueue().getJob(jobId))?.getState(),
      (state) => state === 'completed',
      15_000,
    );
    const job = await world.remindersQueue().getJob(jobId);
    expect(job!.attemptsStarted, second.output()).toBe(2);
    expect(job!.stalledCounter).toBe(1);
    await world.deliveredOnce(stepId);

    // Room for a duplicate to arrive, if the crash had caused one.
    // (The step is also overdue by now, which the second worker's start-up sweep reports once,
    // in a notification of its own: only the reminder's messages are counted.)
    await sleep(2_000);
    const [reminder, ...more] = await world.notificationsOf(stepId);
    expect(more).toHaveLength(0);
    const { mails, telegram } = world.reminderMessages(step);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain(`Message-ID: <notification-${reminder!.id}@`);
    expect(telegram).toHaveLength(1);
    second.child.kill('SIGTERM');
    const [code] = await second.exit;
    expect(code).toBe(0);
  }, 90_000);
});
