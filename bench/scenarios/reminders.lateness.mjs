/*
 * reminders.lateness — how late reminders fire under load: many pending reminders (rows and their
 * delayed jobs) and a burst of them due within one window. Lateness = `sent_at − fire_at` of the
 * rows, as the real worker (`createWorkerApp`) writes them. Target (performance.md): p99 ≤ 250 ms,
 * max ≤ 1 s, none lost (every measured reminder sent, with its notification and timeline event),
 * none twice (exactly one `reminder.due` notification and one `reminder.sent` event each).
 */
import { ReminderJobs } from '@mc/escalations';
import { JOB_QUEUE, QUEUES_BY_NAME } from '@mc/queue';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS } from '@mc/worker';
import { createProducerContext } from '../lib/nest.mjs';
import { DAY_MS, seedComplaints, seedEmployers, seedReminders, seedSteps, seedUsers, stepRow } from '../lib/seed.mjs';
import { round, summarize, timed } from '../lib/stats.mjs';

export const name = 'reminders.lateness';
export const description = 'fire time − due time of a burst of reminders among many pending ones, ms';

const TARGET = { p99Ms: 250, maxMs: 1_000 };
/** Reminders of a step, earliest first; a measured step's first (P2D) reminder is the measured one. */
const OFFSETS = ['P2D', 'P1D', 'PT2H', 'PT0S'];
const OFFSET_MS = { P2D: 2 * DAY_MS, P1D: DAY_MS, PT2H: 2 * 3600_000, PT0S: 0 };
const STEPS_PER_COMPLAINT = 100;
/** The worker as production starts it by default: no tuning for the benchmark. */
const WORKER_SETTINGS = DEFAULT_WORKER_SETTINGS;
/** After the last measured reminder has fired: how long to wait for a duplicate to show up. */
const DUPLICATE_GRACE_MS = 2_000;

function sizes(quick) {
  return quick
    ? { pending: 20_000, measured: 500, leadMs: 5_000, windowMs: 10_000 }
    : { pending: 200_000, measured: 5_000, leadMs: 20_000, windowMs: 60_000 };
}

/** A step and its four pending reminders (`fire_at = due_at − offset`). */
function stepWithReminders(rng, complaintId, position, dueAt, assigneeId) {
  const step = stepRow(rng, { complaintId, position, dueAt, offsets: OFFSETS, assigneeId });
  const reminders = OFFSETS.map((offset) => ({
    id: rng.uuid(),
    stepId: step.id,
    complaintId,
    offset,
    fireAt: new Date(dueAt.getTime() - OFFSET_MS[offset]),
  }));
  return { step, reminders };
}

/** Lays `stepCount` steps onto the complaints in order, 100 per complaint. */
function buildSteps(rng, complaints, stepCount, firstIndex, dueAtOf) {
  const steps = [];
  const reminders = [];
  for (let i = 0; i < stepCount; i++) {
    const index = firstIndex + i;
    const complaint = complaints[Math.floor(index / STEPS_PER_COMPLAINT)];
    const built = stepWithReminders(
      rng,
      complaint.id,
      (index % STEPS_PER_COMPLAINT) + 1,
      dueAtOf(i),
      complaint.assigneeId,
    );
    steps.push(built.step);
    reminders.push(...built.reminders);
  }
  return { steps, reminders };
}

const refsOf = (reminders) => reminders.map((r) => ({ reminderId: r.id, fireAt: r.fireAt }));

/**
 * For each finished `reminder.fire` job (BullMQ keeps the last 1000 completed ones, so a sample),
 * by reminder id: when BullMQ considered it due (`timestamp + delay`) and when a worker took it
 * (`processedOn`). This splits lateness into scheduling skew (fire_at → BullMQ's due time: a delay
 * computed from an earlier "now"), the queue's pick-up (due → taken) and the firing transaction
 * (taken → `sent_at`).
 */
async function jobTimesByReminder(worker) {
  const queue = worker.get(QUEUES_BY_NAME).get(JOB_QUEUE['reminder.fire']);
  const jobs = await queue.getJobs(['completed'], 0, 999);
  const times = new Map();
  for (const job of jobs) {
    if (job?.name === 'reminder.fire' && job.processedOn) {
      times.set(job.data.reminderId, { dueAt: job.timestamp + (job.opts?.delay ?? 0), takenAt: job.processedOn });
    }
  }
  return times;
}

async function sentCount(env) {
  const { rows } = await env.pool.query(`SELECT count(*)::int AS n FROM "reminders" WHERE "status" = 'sent'`);
  return rows[0].n;
}

export async function run(ctx) {
  const { env, rng, quick, log } = ctx;
  const { pending, measured, leadMs, windowMs } = sizes(quick);
  const stepCount = pending / OFFSETS.length;
  const farSteps = stepCount - measured;
  const complaints = Math.ceil(stepCount / STEPS_PER_COMPLAINT);

  log(`seeding ${pending} pending reminders (${stepCount} steps on ${complaints} complaints)`);
  const users = await seedUsers(env.pool, rng, 20);
  const employers = await seedEmployers(env.pool, rng, 50);
  // Each complaint is assigned to a caseworker, who owns its steps (assignee the same caseworker):
  // every reminder has exactly one recipient, as the "none twice" check counts notifications.
  const complaintRows = await seedComplaints(env.pool, rng, {
    count: complaints,
    employerIds: employers,
    assigneeIds: users,
  });

  // Most reminders fire 2 to 30 days ahead.
  const now = Date.now();
  const far = buildSteps(rng, complaintRows, farSteps, 0, () => {
    return new Date(now + Math.round(rng.between(4 * DAY_MS, 30 * DAY_MS)));
  });
  await seedSteps(env.pool, far.steps);
  await seedReminders(env.pool, far.reminders);

  const producer = await createProducerContext(env.config);
  let producerOpen = true;
  const closeProducer = async () => {
    if (producerOpen) await producer.close();
    producerOpen = false;
  };
  env.defer(closeProducer);
  const reminderJobs = producer.get(ReminderJobs);
  const farJobs = await timed(() => reminderJobs.add(refsOf(far.reminders)));
  log(`far reminders: ${far.reminders.length} delayed jobs added in ${Math.round(farJobs.ms)} ms`);

  // The measured burst: each measured step's first reminder, spread uniformly over the window.
  const anchor = Date.now();
  const windowStart = anchor + leadMs;
  const burst = buildSteps(rng, complaintRows, measured, farSteps, () => {
    return new Date(windowStart + Math.round(rng.next() * windowMs) + OFFSET_MS.P2D);
  });
  await seedSteps(env.pool, burst.steps);
  await seedReminders(env.pool, burst.reminders);
  await env.pool.query('ANALYZE');
  await reminderJobs.add(refsOf(burst.reminders));
  await closeProducer();
  const measuredIds = burst.reminders.filter((r) => r.offset === 'P2D').map((r) => r.id);
  const measuredSteps = new Set(burst.steps.map((s) => s.id));
  log(`${measured} reminders due from +${Math.round((windowStart - Date.now()) / 1000)} s over ${windowMs / 1000} s`);

  const worker = await createWorkerApp(env.config, WORKER_SETTINGS);
  let workerOpen = true;
  const closeWorker = async () => {
    if (workerOpen) await worker.close();
    workerOpen = false;
  };
  env.defer(closeWorker);
  const workerStartedBeforeWindowMs = windowStart - Date.now();
  if (workerStartedBeforeWindowMs < 0)
    log(`warning: the worker started ${-workerStartedBeforeWindowMs} ms into the window`);

  const deadline = windowStart + windowMs + 60_000;
  let sent = 0;
  while (Date.now() < deadline) {
    sent = await sentCount(env);
    if (sent >= measured) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const timedOut = sent < measured;
  await new Promise((resolve) => setTimeout(resolve, DUPLICATE_GRACE_MS));
  const jobTimes = await jobTimesByReminder(worker);
  await closeWorker();

  const { rows } = await env.pool.query(
    `SELECT "id", "status", "step_id",
            EXTRACT(EPOCH FROM "fire_at") * 1000 AS fire_at_ms, EXTRACT(EPOCH FROM "sent_at") * 1000 AS sent_at_ms
       FROM "reminders" WHERE "id" = ANY($1::uuid[])`,
    [measuredIds],
  );
  const notifications = new Map(
    (
      await env.pool.query(
        `SELECT "step_id", count(*)::int AS n FROM "notifications" WHERE "kind" = 'reminder.due' GROUP BY 1`,
      )
    ).rows.map((r) => [r.step_id, r.n]),
  );
  const events = new Map(
    (
      await env.pool.query(
        `SELECT "data"->>'reminderId' AS id, count(*)::int AS n FROM "timeline_events"
          WHERE "type" = 'reminder.sent' GROUP BY 1`,
      )
    ).rows.map((r) => [r.id, r.n]),
  );
  const [{ other_sent: otherSent }] = (
    await env.pool.query(
      `SELECT count(*)::int AS other_sent FROM "reminders" WHERE "status" <> 'pending' AND NOT ("id" = ANY($1::uuid[]))`,
      [measuredIds],
    )
  ).rows;
  const [{ n: deadLetters }] = (await env.pool.query(`SELECT count(*)::int AS n FROM "dead_letters"`)).rows;

  const lateness = [];
  const skewShare = [];
  const queueShare = [];
  const firingShare = [];
  let lost = 0;
  let duplicates = 0;
  for (const row of rows) {
    const n = notifications.get(row.step_id) ?? 0;
    const e = events.get(row.id) ?? 0;
    if (row.status !== 'sent' || n === 0 || e === 0) lost++;
    if (n > 1 || e > 1) duplicates++;
    if (row.status !== 'sent') continue;
    const fireAt = Number(row.fire_at_ms);
    const sentAt = Number(row.sent_at_ms);
    lateness.push(sentAt - fireAt);
    const job = jobTimes.get(row.id);
    if (job !== undefined) {
      skewShare.push(job.dueAt - fireAt);
      queueShare.push(job.takenAt - job.dueAt);
      firingShare.push(sentAt - job.takenAt);
    }
  }
  lost += measuredIds.length - rows.length;
  // Notifications of steps outside the burst would be reminders nobody asked for.
  let strayNotifications = 0;
  for (const [stepId, n] of notifications) if (!measuredSteps.has(stepId)) strayNotifications += n;

  const stats = summarize(lateness);
  const shares = (values) => {
    const v = summarize(values);
    return {
      sample: v.count,
      mean: round(v.mean, 1),
      p50: round(v.p50, 1),
      p99: round(v.p99, 1),
      max: round(v.max, 1),
    };
  };
  const skewStats = shares(skewShare);
  const queueStats = shares(queueShare);
  const firingStats = shares(firingShare);
  const pass =
    stats.count > 0 &&
    stats.p99 <= TARGET.p99Ms &&
    stats.max <= TARGET.maxMs &&
    lost === 0 &&
    duplicates === 0 &&
    otherSent === 0 &&
    strayNotifications === 0;
  return {
    value: round(stats.p99, 1),
    unit: 'ms p99 lateness',
    baseline: null,
    ratio: null,
    target: `p99 <= ${TARGET.p99Ms} ms, max <= ${TARGET.maxMs} ms, lost = 0, duplicates = 0`,
    pass,
    p50: round(stats.p50, 1),
    p95: round(stats.p95, 1),
    p99: round(stats.p99, 1),
    max: round(stats.max, 1),
    min: round(stats.min, 1),
    mean: round(stats.mean, 1),
    measured,
    sent: stats.count,
    lost,
    duplicates,
    otherSent,
    strayNotifications,
    deadLetters,
    timedOut,
    pending,
    windowMs,
    workerConcurrency: WORKER_SETTINGS.concurrency,
    workerReadyBeforeWindowMs: workerStartedBeforeWindowMs,
    // Of a sample (the last ≤ 1000 jobs): fire_at → BullMQ's due time, due → taken by a worker,
    // taken → marked sent.
    scheduleSkewMs: skewStats,
    queueShareMs: queueStats,
    firingShareMs: firingStats,
    farJobsAddedPerSecond: round(far.reminders.length / (farJobs.ms / 1000), 0),
    summary: `p50 ${round(stats.p50, 1)} / p95 ${round(stats.p95, 1)} / p99 ${round(stats.p99, 1)} / max ${round(stats.max, 1)} ms; split (sample of ${queueStats.sample}): mean / p99: schedule skew ${skewStats.mean} / ${skewStats.p99}, queue ${queueStats.mean} / ${queueStats.p99}, firing ${firingStats.mean} / ${firingStats.p99} ms; sent ${stats.count}/${measured}, lost ${lost}, duplicates ${duplicates}`,
  };
}
