/*
 * intake.burst — a burst of public intake submissions (a form link shared in a workers' chat):
 * 2000 distinct valid POST /api/v1/public/intake in 10 s from 200 connections, against the API
 * as production runs it (its own process, plus a worker process), the per-IP limit lifted.
 * Target (performance.md): no 5xx, none lost (every 201 is a stored public_intake complaint with
 * its worker, and no complaint was stored without a 201), p99 < 300 ms.
 */
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { employerCatalogue, intakeSubmissions, seedIntakeEmployers } from '../lib/intake.mjs';
import { startApi, startAppProcess } from '../lib/processes.mjs';
import { seedUsers } from '../lib/seed.mjs';
import { round, summarize } from '../lib/stats.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

export const name = 'intake.burst';
export const description = 'p99 latency of a burst of public intake POSTs, ms; none lost, no 5xx';

const TARGET_P99_MS = 300;
const ROUTE = '/api/v1/public/intake';
/** High enough that no request of the run is limited (all of them come from 127.0.0.1). */
const INTAKE_LIMIT_PER_IP = 1_000_000;
/** Untimed submissions before the burst (JIT, pools, prepared plans): stored and checked too. */
const WARM_UP = 30;
/** 201s whose status token is tried on GET /public/status/:reference afterwards. */
const STATUS_SAMPLE = 20;
/** Who hears of every new intake (IntakeService notifies the active coordinators). */
const COORDINATORS = 3;
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

function sizes(quick) {
  return quick
    ? { requests: 300, connections: 50, windowSeconds: 3, employers: 2_000 }
    : { requests: 2_000, connections: 200, windowSeconds: 10, employers: 20_000 };
}

function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}

/** Sequential POSTs (warm-up): `{ status, body }` each. */
async function postEach(baseUrl, submissions) {
  const out = [];
  for (const submission of submissions) {
    const response = await fetch(`${baseUrl}${ROUTE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(submission),
    });
    out.push({ status: response.status, body: await response.text() });
  }
  return out;
}

/**
 * The burst: `connections` keep-alive connections, `requests` in all at `rate` per second
 * overall, each request the next submission. Latency is taken per response from autocannon's
 * `response` event (all statuses); autocannon's own histogram is kept without its
 * coordinated-omission correction, which under a rate limit assumes a 1 ms interval
 * (`Math.ceil(1 / rate)` with rate in requests per second) and would add phantom samples.
 */
function burst(baseUrl, bodies, { connections, rate }) {
  let next = 0;
  const responses = [];
  const latencies = [];
  const statuses = new Map();
  const reqErrors = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    amount: bodies.length,
    overallRate: rate,
    timeout: 30,
    ignoreCoordinatedOmission: true,
    requests: [
      {
        method: 'POST',
        path: ROUTE,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (request) => {
          // `amount` is exact: autocannon builds one request per send, so each body goes once.
          if (next >= bodies.length) return request;
          request.body = bodies[next++];
          return request;
        },
        onResponse: (status, body) => {
          responses.push({ status, body });
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  instance.on('reqError', (error) => reqErrors.push(error?.code ?? error?.message ?? String(error)));
  return new Promise((resolve, reject) => {
    instance.on('done', (result) => resolve({ result, responses, latencies, statuses, reqErrors, sent: next }));
    instance.on('error', reject);
  });
}

/** user + system CPU seconds of a process so far (Linux /proc; null elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Samples, every 100 ms until stopped, what the API's Postgres connections are doing: how often
 * each was seen active, idle in a transaction, or waiting (by wait event). Where a slow burst
 * spends its time, shown without a profiler.
 */
function sampleDatabase(pool, databaseName) {
  const seen = new Map();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query(
        `SELECT "state", coalesce("wait_event_type" || ':' || "wait_event", 'cpu') AS wait,
                CASE WHEN "wait_event_type" = 'Lock' THEN regexp_replace(left("query", 70), '\\s+', ' ', 'g') END AS query,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE "datname" = $1 AND "pid" <> pg_backend_pid() AND "application_name" <> 'mc-bench'
            AND "state" <> 'idle'
          GROUP BY 1, 2, 3`,
        [databaseName],
      );
      samples++;
      for (const r of rows) {
        const key = r.query ? `${r.state} ${r.wait} ${r.query}` : `${r.state} ${r.wait}`;
        seen.set(key, (seen.get(key) ?? 0) + r.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    // Mean connections in each state per sample, busiest first.
    return Object.fromEntries(
      [...seen]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 12)
        .map(([key, n]) => [key, round(n / Math.max(1, samples), 2)]),
    );
  };
}

function parseCreated(body) {
  try {
    const json = JSON.parse(body);
    return typeof json?.reference === 'string' ? json : null;
  } catch {
    return null;
  }
}

/** The public_intake complaints with their worker links and stored deadlines. */
async function storedIntakeComplaints(pool) {
  const { rows } = await pool.query(
    `SELECT c."reference", c."status", c."dismissal_notice_received" IS NOT NULL AS dismissed,
            (SELECT count(*)::int FROM "complaint_workers" cw WHERE cw."complaint_id" = c."id") AS workers,
            (SELECT count(*)::int FROM "complaint_deadlines" d WHERE d."complaint_id" = c."id") AS deadlines
       FROM "complaints" c WHERE c."source" = 'public_intake'`,
  );
  return new Map(rows.map((r) => [r.reference, r]));
}

/** pino lines at error (50) or fatal (60) level in a process log. */
function errorLines(output) {
  return output.split('\n').filter((line) => /"level":(50|60)\b/.test(line));
}

function keepLog(handle) {
  try {
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `intake.burst.${handle.app}.log`);
    copyFileSync(handle.logFile, file);
    return file;
  } catch {
    return null;
  }
}

export async function run(ctx) {
  const { env, rng, quick, log } = ctx;
  const { requests, connections, windowSeconds, employers } = sizes(quick);
  const rate = Math.round(requests / windowSeconds);
  const today = todayUtc();

  log(`seeding ${employers} employers, ${COORDINATORS} coordinators`);
  await seedUsers(env.pool, rng, COORDINATORS, 'coordinator');
  const catalogue = employerCatalogue(rng, employers);
  await seedIntakeEmployers(env.pool, rng, catalogue);
  await env.pool.query('ANALYZE');
  const submissions = intakeSubmissions(rng, WARM_UP + requests, { catalogue, today });
  const warmUp = submissions.slice(0, WARM_UP);
  const bodies = submissions.slice(WARM_UP).map((s) => JSON.stringify(s));
  const withDismissal = submissions.slice(WARM_UP).filter((s) => s.dismissalNoticeReceived).length;

  // Production's layout: the worker and the API, each its own process (docker-compose.yml).
  const worker = startAppProcess(env, 'worker');
  const { api, baseUrl } = await startApi(env, { extraEnv: { INTAKE_LIMIT_PER_IP: String(INTAKE_LIMIT_PER_IP) } });
  if (worker.exit !== null) throw new Error(`the worker exited during start-up:\n${worker.tail()}`);
  log(`API pid ${api.pid} at ${baseUrl}, worker pid ${worker.pid}`);

  const warm = await postEach(baseUrl, warmUp);
  const warmCreated = warm.filter((r) => r.status === 201).length;
  if (warmCreated === 0) {
    throw new Error(
      `no warm-up submission was accepted (statuses ${[...new Set(warm.map((r) => r.status))].join(', ')}; ` +
        `first body ${warm[0]?.body.slice(0, 300)})`,
    );
  }
  log(`warm-up: ${warmCreated}/${WARM_UP} created; burst of ${requests} from ${connections} connections at ${rate}/s`);

  const cpuBefore = { api: cpuSeconds(api.pid), worker: cpuSeconds(worker.pid), bench: process.cpuUsage() };
  const stopSampling = sampleDatabase(env.pool, env.databaseName);
  const started = performance.now();
  const shot = await burst(baseUrl, bodies, { connections, rate });
  const burstMs = performance.now() - started;
  const databaseActivity = await stopSampling();
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    api: round(cpuSeconds(api.pid) - cpuBefore.api, 2),
    worker: round(cpuSeconds(worker.pid) - cpuBefore.worker, 2),
    loadGenerator: round((benchCpu.user + benchCpu.system) / 1e6, 2),
  };
  const { result, responses, latencies, statuses, reqErrors } = shot;

  // Status tokens of a sample work on the public status route (the row is readable as stored).
  const created = [];
  const unreadable201 = [];
  for (const r of [...warm, ...responses]) {
    if (r.status !== 201) continue;
    const body = parseCreated(r.body);
    if (body) created.push(body);
    else unreadable201.push(r.body.slice(0, 200));
  }
  const sample = created.slice(-STATUS_SAMPLE);
  let statusOk = 0;
  const statusProblems = [];
  for (const c of sample) {
    const response = await fetch(`${baseUrl}/api/v1/public/status/${encodeURIComponent(c.reference)}`, {
      headers: { 'x-status-token': c.statusToken, accept: 'application/json' },
    });
    if (response.status === 200) statusOk++;
    else statusProblems.push(`${c.reference}: ${response.status}`);
  }

  await api.stop();
  await worker.stop();
  const apiLog = keepLog(api);
  const workerLog = keepLog(worker);
  const apiErrors = errorLines(api.output());
  const workerErrors = errorLines(worker.output());

  const stored = await storedIntakeComplaints(env.pool);
  const references = new Set();
  let duplicateReferences = 0;
  let lost = 0;
  let withoutWorker = 0;
  for (const c of created) {
    if (references.has(c.reference)) duplicateReferences++;
    references.add(c.reference);
    const row = stored.get(c.reference);
    if (!row) lost++;
    else if (row.workers < 1) withoutWorker++;
  }
  const [{ n: intakeNotifications }] = (
    await env.pool.query(`SELECT count(*)::int AS n FROM "notifications" WHERE "kind" = 'intake.received'`)
  ).rows;
  const storedWithout201 = [...stored.keys()].filter((ref) => !references.has(ref)).length;
  const storedDismissed = [...stored.values()].filter((r) => r.dismissed);
  const dismissedWithDeadlines = storedDismissed.filter((r) => r.deadlines > 0).length;

  const count = (from, to) =>
    [...statuses].filter(([status]) => status >= from && status < to).reduce((s, [, n]) => s + n, 0);
  const serverErrors = count(500, 600);
  const created201 = statuses.get(201) ?? 0;
  const answered = latencies.length;
  const non201 = answered - created201;
  const unanswered = requests - answered;
  const stats = summarize(latencies);
  const rps = answered / (burstMs / 1000);
  const lostTotal = lost + withoutWorker + unreadable201.length;

  const problems = [];
  if (non201 > 0)
    problems.push(
      `${non201} non-201 answers: ${[...statuses]
        .filter(([s]) => s !== 201)
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
  if (unanswered > 0) problems.push(`${unanswered} requests got no answer (${[...new Set(reqErrors)].join(', ')})`);
  if (lostTotal > 0)
    problems.push(
      `${lost} 201s not stored, ${withoutWorker} stored without a worker, ${unreadable201.length} unreadable 201 bodies`,
    );
  if (storedWithout201 > 0) problems.push(`${storedWithout201} public_intake complaints stored without a 201`);
  if (intakeNotifications !== stored.size * COORDINATORS)
    problems.push(
      `${intakeNotifications} intake.received notifications for ${stored.size} complaints × ${COORDINATORS} coordinators`,
    );
  if (duplicateReferences > 0) problems.push(`${duplicateReferences} references answered twice`);
  if (statusProblems.length > 0)
    problems.push(`status lookup of a 201 failed: ${statusProblems.slice(0, 5).join('; ')}`);
  if (burstMs > windowSeconds * 1000 * 1.2)
    problems.push(`the burst took ${round(burstMs / 1000, 1)} s for a ${windowSeconds} s window: the API fell behind`);
  if (apiErrors.length > 0) problems.push(`the API logged ${apiErrors.length} error lines (${apiLog})`);
  if (workerErrors.length > 0) problems.push(`the worker logged ${workerErrors.length} error lines (${workerLog})`);

  const pass =
    stats.count > 0 &&
    serverErrors === 0 &&
    unanswered === 0 &&
    lostTotal === 0 &&
    storedWithout201 === 0 &&
    duplicateReferences === 0 &&
    stats.p99 < TARGET_P99_MS;
  return {
    value: round(stats.p99, 1),
    unit: 'ms p99',
    baseline: null,
    ratio: null,
    target: `p99 < ${TARGET_P99_MS} ms, 5xx = 0, lost = 0`,
    pass,
    requests,
    connections,
    offeredRate: rate,
    burstSeconds: round(burstMs / 1000, 2),
    rps: round(rps, 1),
    p50: round(stats.p50, 1),
    p95: round(stats.p95, 1),
    p99: round(stats.p99, 1),
    max: round(stats.max, 1),
    mean: round(stats.mean, 1),
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    created201,
    non201,
    serverErrors,
    unanswered,
    autocannon: {
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      // Of 2xx answers only, as autocannon records them.
      latency2xx: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    },
    warmUp: { sent: WARM_UP, created: warmCreated },
    storedRows: stored.size,
    lost,
    withoutWorker,
    unreadable201: unreadable201.length,
    storedWithout201,
    duplicateReferences,
    submissionsWithDismissal: withDismissal,
    storedWithDismissal: storedDismissed.length,
    storedWithDismissalAndDeadlines: dismissedWithDeadlines,
    intakeNotifications,
    // CPU seconds used during the burst, and the mean number of the API's Postgres connections in
    // each state / wait event over it: where the time went.
    cpuSecondsDuringBurst: cpu,
    databaseActivity,
    statusLookups: { sampled: sample.length, ok: statusOk },
    seededEmployers: employers,
    apiErrorLines: apiErrors.length,
    workerErrorLines: workerErrors.length,
    apiErrorSample: apiErrors.slice(0, 3).map((l) => l.slice(0, 500)),
    logs: { api: apiLog, worker: workerLog },
    problems,
    summary:
      `p50 ${round(stats.p50, 1)} / p95 ${round(stats.p95, 1)} / p99 ${round(stats.p99, 1)} / max ${round(stats.max, 1)} ms; ` +
      `${round(rps, 1)} req/s over ${round(burstMs / 1000, 1)} s; 201 ${created201}/${requests}, non-201 ${non201}, ` +
      `5xx ${serverErrors}, unanswered ${unanswered}; rows ${stored.size} (incl. ${warmCreated} warm-up), lost ${lostTotal}, ` +
      `stored without 201 ${storedWithout201}; deadlines on ${dismissedWithDeadlines}/${storedDismissed.length} with a dismissal date`,
  };
}
