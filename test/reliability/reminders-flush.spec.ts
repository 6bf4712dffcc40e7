import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderJobId } from '@mc/escalations';
import { QUEUES_BY_NAME, type QueuesByName, JOB_QUEUE } from '@mc/queue';
import { waitFor } from '@mc/testing';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS, REPEATABLE_SCHEDULES } from '@mc/worker';
import { flushPrefix, ReminderWorld } from './reminders.harness.js';

/** How often this file's worker checks its schedules; production checks every 30 s. */
const SCHEDULE_CHECK_MS = 1_000;

/*
 * Redis emptied under a running system: every key of the deployment's prefix goes, the schedulers
 * included, and nobody restarts a worker or calls the sweep. The worker must notice on its own,
 * put its schedules back, and the deadline sweep must restore every pending reminder's job, each
 * firing once: well within the 5-minute sweep interval that would otherwise apply.
 */
describe('reminders after Redis lost every key of the deployment', () => {
  let world: ReminderWorld;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    world = await ReminderWorld.create('flush');
    worker = await createWorkerApp(world.api.config, {
      ...DEFAULT_WORKER_SETTINGS,
      scheduleCheckMs: SCHEDULE_CHECK_MS,
    });
  });

  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  const schedulerIds = async (): Promise<string[]> => {
    const queues = world.api.app.get<QueuesByName>(QUEUES_BY_NAME);
    const present: string[] = [];
    for (const schedule of REPEATABLE_SCHEDULES) {
      if (await queues.get(JOB_QUEUE[schedule.job])!.getJobScheduler(schedule.id)) present.push(schedule.id);
    }
    return present.sort();
  };

  it('puts its schedules back by itself, and every pending reminder fires exactly once', async () => {
    const allSchedules = REPEATABLE_SCHEDULES.map((s) => s.id).sort();
    await waitFor(schedulerIds, (ids) => ids.length === allSchedules.length, 10_000);

    // Due after the flush: without a restore they would never fire.
    const soon = [await world.stepDueIn(8_000), await world.stepDueIn(8_000), await world.stepDueIn(8_000)];
    // One that should have fired during the outage: its job is in Redis now, and its time is long past
    // by the time anything can restore it.
    const late = await world.stepDueIn(120_000);
    await world.db.query(`UPDATE "reminders" SET "fire_at" = now() - interval '2 minutes' WHERE "step_id" = $1`, [
      late.stepId,
    ]);

    const bull = `${world.api.config.redisPrefix}:bull`;
    const deleted = new Set(await flushPrefix(world.redis, world.api.config.redisPrefix));
    // (Read from what was deleted, not from Redis afterwards: the worker may already be restoring.)
    for (const queue of new Set(REPEATABLE_SCHEDULES.map((s) => JOB_QUEUE[s.job]))) {
      expect(deleted).toContain(`${bull}:${queue}:repeat`); // the schedulers went
    }
    for (const { stepId } of soon) {
      const [row] = await world.remindersOf(stepId);
      expect(deleted).toContain(`${bull}:reminders:${reminderJobId(row!.id, row!.fire_at)}`); // and the reminder jobs
    }

    // Nothing is called by hand from here on.
    await waitFor(schedulerIds, (ids) => ids.length === allSchedules.length, 5 * SCHEDULE_CHECK_MS + 5_000);
    expect(await schedulerIds()).toEqual(allSchedules);
    for (const { stepId } of [late, ...soon]) {
      const [sent] = await world.sentOnce(stepId, 30_000);
      expect(await world.notificationsOf(stepId)).toHaveLength(1);
      if (stepId !== late.stepId) expect(sent!.sent_at!.getTime() - sent!.fire_at.getTime()).toBeLessThan(5_000);
    }
    for (const { stepId } of [late, ...soon]) await world.deliveredOnce(stepId);

    // Several more checks and relay runs: nothing fires again.
    await sleep(3 * SCHEDULE_CHECK_MS);
    for (const { stepId } of [late, ...soon]) expect(await world.notificationsOf(stepId)).toHaveLength(1);
    const jobs = await world.remindersQueue().getJobs(['delayed', 'waiting', 'active', 'completed']);
    const ids = jobs.filter((j) => j.name === 'reminder.fire').map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 90_000);
});
