/*
 * reminders.schedule — how fast the app schedules reminders: `ReminderSyncService.syncSteps` per
 * complaint in a transaction (rows written in bulk, jobs handed to `ReminderJobs` after COMMIT),
 * then `ReminderJobs.idle()` until every delayed job is in Redis. Baseline: a bare BullMQ queue
 * `addBulk`-ing the same number of delayed jobs of the same shape, in batches of the same size,
 * on the same Redis, in the same run. Target: app ≥ 0.5 × baseline (performance.md).
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EscalationStep, REMINDER_JOB_BATCH, ReminderJobs, ReminderSyncService, reminderJobId } from '@mc/escalations';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, QUEUES_BY_NAME } from '@mc/queue';
import { createProducerContext } from '../lib/nest.mjs';
import { deleteKeysWithPrefix } from '../lib/redis.mjs';
import { DAY_MS, seedComplaints, seedEmployers, seedSteps, seedUsers, stepRow } from '../lib/seed.mjs';
import { round, timed } from '../lib/stats.mjs';

export const name = 'reminders.schedule';
export const description = 'scheduling reminders (rows + delayed jobs) through ReminderSyncService, reminders/s';

const TARGET_RATIO = 0.5;
const STEPS_PER_COMPLAINT = 250;
/** Four reminders per step, all ahead of now for a due date at least two days and three hours away. */
const OFFSETS = ['P2D', 'P1D', 'PT2H', 'PT0S'];
const OPEN_COMPLAINT = { status: 'open', clockPausedAt: null };

function sizes(quick) {
  const complaints = quick ? 10 : 100;
  return { complaints, reminders: complaints * STEPS_PER_COMPLAINT * OFFSETS.length };
}

function dueAt(rng, now) {
  return new Date(now + Math.round(rng.between(2 * DAY_MS + 3 * 3600_000, 30 * DAY_MS)));
}

/** Complaints with their steps (no reminders yet); returns the complaint ids. */
async function seed(env, rng, complaints) {
  const users = await seedUsers(env.pool, rng, 5);
  const employers = await seedEmployers(env.pool, rng, 20);
  const rows = await seedComplaints(env.pool, rng, { count: complaints, employerIds: employers, assigneeIds: users });
  const now = Date.now();
  const steps = [];
  for (const complaint of rows) {
    for (let position = 1; position <= STEPS_PER_COMPLAINT; position++) {
      steps.push(
        stepRow(rng, {
          complaintId: complaint.id,
          position,
          dueAt: dueAt(rng, now),
          offsets: OFFSETS,
          assigneeId: rng.pick(users),
        }),
      );
    }
  }
  await seedSteps(env.pool, steps);
  await env.pool.query('ANALYZE');
  return rows.map((c) => c.id);
}

/**
 * Bare BullMQ: `addBulk` of `count` delayed `reminder.fire` jobs (same name, payload, job id shape
 * and default options as the app's queue) in batches of REMINDER_JOB_BATCH, under its own prefix,
 * which is deleted afterwards. Returns the timed milliseconds.
 */
async function baseline(env, rng, count, label) {
  const prefix = env.subPrefix(label);
  const queue = new Queue(JOB_QUEUE['reminder.fire'], {
    connection: { url: env.redisUrl },
    prefix,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS },
  });
  try {
    await queue.waitUntilReady();
    const addBatch = async (size) => {
      const now = Date.now();
      const jobs = [];
      for (let i = 0; i < size; i++) {
        const fireAt = dueAt(rng, now);
        const reminderId = randomUUID();
        jobs.push({
          name: 'reminder.fire',
          data: { reminderId },
          opts: { jobId: reminderJobId(reminderId, fireAt), delay: fireAt.getTime() - now },
        });
      }
      await queue.addBulk(jobs);
    };
    // Warm-up batch (JIT, connection, Lua scripts), as the app path gets one.
    await addBatch(REMINDER_JOB_BATCH);
    const { ms } = await timed(async () => {
      for (let added = 0; added < count; added += REMINDER_JOB_BATCH) {
        await addBatch(Math.min(REMINDER_JOB_BATCH, count - added));
      }
    });
    const delayed = await queue.getDelayedCount();
    if (delayed !== count + REMINDER_JOB_BATCH) {
      throw new Error(`baseline: expected ${count + REMINDER_JOB_BATCH} delayed jobs, Redis holds ${delayed}`);
    }
    return ms;
  } finally {
    await queue.close();
    // Gone before the next measurement, so each one starts from the same Redis.
    await deleteKeysWithPrefix(env.redisUrl, prefix);
  }
}

export async function run(ctx) {
  const { env, rng, quick, log } = ctx;
  const { complaints, reminders } = sizes(quick);
  // One extra complaint warms the app path up (JIT, pool, prepared INSERT shape) before timing.
  log(`seeding ${complaints + 1} complaints × ${STEPS_PER_COMPLAINT} steps`);
  const complaintIds = await seed(env, rng, complaints + 1);
  const warmupId = complaintIds.pop();

  // The baseline runs in two halves, before and after the app path, so that a noisy neighbour
  // on a shared machine weighs on both sides alike.
  const firstHalf = Math.floor(reminders / 2 / REMINDER_JOB_BATCH) * REMINDER_JOB_BATCH;
  log(`baseline (1/2): bare BullMQ addBulk of ${firstHalf} delayed jobs`);
  const baselineBeforeMs = await baseline(env, rng, firstHalf, 'baseline1');

  const app = await createProducerContext(env.config);
  env.defer(() => app.close());
  const db = app.get(DataSource);
  const sync = app.get(ReminderSyncService);
  const jobs = app.get(ReminderJobs);

  const steps = await db.getRepository(EscalationStep).find({ order: { complaintId: 'ASC', position: 'ASC' } });
  const byComplaint = new Map();
  for (const step of steps) {
    if (!byComplaint.has(step.complaintId)) byComplaint.set(step.complaintId, []);
    byComplaint.get(step.complaintId).push(step);
  }
  const syncComplaint = (complaintId) =>
    db.transaction((manager) => sync.syncSteps(manager, byComplaint.get(complaintId), OPEN_COMPLAINT));

  const warm = await syncComplaint(warmupId);
  await jobs.idle();
  const warmupReminders = warm.created;

  log(`app: syncSteps for ${complaints} complaints (${reminders} reminders)`);
  let created = 0;
  let dbPhaseMs = 0;
  const { ms } = await timed(async () => {
    const start = performance.now();
    for (const complaintId of complaintIds) {
      const summary = await syncComplaint(complaintId);
      created += summary.created;
    }
    dbPhaseMs = performance.now() - start;
    await jobs.idle();
  });
  const value = reminders / (ms / 1000);
  log(`app: ${Math.round(value)} reminders/s`);

  log(`baseline (2/2): bare BullMQ addBulk of ${reminders - firstHalf} delayed jobs`);
  const baselineAfterMs = await baseline(env, rng, reminders - firstHalf, 'baseline2');
  const baselineMs = baselineBeforeMs + baselineAfterMs;
  const baselineRate = reminders / (baselineMs / 1000);
  log(`baseline: ${Math.round(baselineRate)} jobs/s`);

  // Verification: every reminder is a pending row and a delayed job, nothing more, nothing less.
  const queue = app.get(QUEUES_BY_NAME).get(JOB_QUEUE['reminder.fire']);
  const delayedJobs = await queue.getDelayedCount();
  const [{ pending, total }] = (
    await env.pool.query(
      `SELECT count(*) FILTER (WHERE "status" = 'pending' AND "complaint_id" = ANY($1::uuid[]))::int AS pending,
              count(*)::int AS total
         FROM "reminders"`,
      [complaintIds],
    )
  ).rows;
  const problems = [];
  if (created !== reminders) problems.push(`syncSteps reported ${created} created, expected ${reminders}`);
  if (pending !== reminders) problems.push(`${pending} pending rows of the timed complaints, expected ${reminders}`);
  if (total !== reminders + warmupReminders)
    problems.push(`${total} rows in all, expected ${reminders + warmupReminders}`);
  if (delayedJobs !== reminders + warmupReminders) {
    problems.push(
      `${delayedJobs} delayed jobs, expected ${reminders + warmupReminders} (${reminders} timed + ${warmupReminders} warm-up)`,
    );
  }

  const ratio = value / baselineRate;
  return {
    value: round(value, 0),
    unit: 'reminders/s',
    baseline: round(baselineRate, 0),
    baselineUnit: 'jobs/s (bare BullMQ addBulk)',
    ratio: round(ratio, 3),
    target: `ratio >= ${TARGET_RATIO}`,
    pass: ratio >= TARGET_RATIO && problems.length === 0,
    reminders,
    complaints,
    appMs: round(ms, 1),
    appDbPhaseMs: round(dbPhaseMs, 1),
    appJobsDrainMs: round(ms - dbPhaseMs, 1),
    baselineMs: round(baselineMs, 1),
    baselineBeforeJobsPerSecond: round(firstHalf / (baselineBeforeMs / 1000), 0),
    baselineAfterJobsPerSecond: round((reminders - firstHalf) / (baselineAfterMs / 1000), 0),
    delayedJobs,
    pendingRows: pending,
    problems,
  };
}
