/*
 * `npm run bench [-- --quick] [-- --only=<name>[,<name>...]] [-- --seed=<n>]`
 *
 * Runs every scenario of bench/scenarios/ (each in its own fresh database and Redis prefix, removed
 * afterwards, also on failure), prints a table and writes bench/results/latest.json. A missed
 * target is reported, not fatal: the exit code is 0 unless a scenario could not run at all.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createBenchEnvironment, teardownAll } from './lib/env.mjs';
import { DEFAULT_SEED, createRng, hashString } from './lib/seed.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(benchDir, 'results', 'latest.json');

const USAGE = `usage: npm run bench -- [--quick] [--only=name[,name...]] [--seed=n] [--list]
  --quick   small sizes (CI: the whole run stays under 2 minutes)
  --only    run only these scenarios (exact names, or a prefix ending in '.', e.g. reminders.)
  --seed    seed of the data generator (default ${DEFAULT_SEED})
  --list    list the scenarios and exit`;

function parseArgs(argv) {
  const options = { quick: false, only: null, seed: DEFAULT_SEED, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--only':
        options.only = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--seed':
        options.seed = Number(value());
        if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
        break;
      case '--list':
        options.list = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}

async function loadScenarios() {
  const dir = join(benchDir, 'scenarios');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const scenarios = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    const scenario = mod.default ?? mod;
    if (typeof scenario.name !== 'string' || typeof scenario.run !== 'function') {
      throw new Error(`bench/scenarios/${file} must export { name, run(ctx) }`);
    }
    scenarios.push(scenario);
  }
  return scenarios;
}

function selected(scenario, only) {
  if (!only) return true;
  return only.some((o) => (o.endsWith('.') ? scenario.name.startsWith(o) : scenario.name === o));
}

const fmtNumber = (v) =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? v.toLocaleString('en-US', { maximumFractionDigits: 3 })
      : String(v);

function verdict(entry) {
  if (entry.error) return 'ERROR';
  return entry.pass ? 'pass' : 'MISSED';
}

function printTable(entries) {
  const header = ['scenario', 'value', 'baseline', 'ratio', 'target', 'result'];
  const rows = entries.map((e) => [
    e.name,
    e.value === null || e.value === undefined ? '—' : `${fmtNumber(e.value)} ${e.unit ?? ''}`.trim(),
    e.baseline === null || e.baseline === undefined ? '—' : `${fmtNumber(e.baseline)} ${e.baselineUnit ?? ''}`.trim(),
    fmtNumber(e.ratio),
    e.target ?? '—',
    verdict(e),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const e of entries) {
    if (e.summary) console.log(`  ${e.name}: ${e.summary}`);
    if (e.problems?.length) for (const p of e.problems) console.log(`  ${e.name}: problem: ${p}`);
  }
  const missed = entries.filter((e) => !e.error && !e.pass);
  const errored = entries.filter((e) => e.error);
  for (const e of missed)
    console.log(`\n  !!! ${e.name} MISSED its target (${e.target}): value ${fmtNumber(e.value)} ${e.unit ?? ''}`);
  for (const e of errored) console.log(`\n  !!! ${e.name} could not run: ${e.error}`);
  if (missed.length === 0 && errored.length === 0) console.log('  all targets met');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const scenarios = await loadScenarios();
  if (options.list) {
    for (const s of scenarios) console.log(`${s.name}${s.description ? `  — ${s.description}` : ''}`);
    return 0;
  }
  const chosen = scenarios.filter((s) => selected(s, options.only));
  if (chosen.length === 0) throw new Error(`no scenario matches --only=${options.only?.join(',')}`);

  const onSignal = (signal) => {
    console.error(`\nbench: ${signal}, cleaning up`);
    void teardownAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  // A stray rejection (a background job add, a closing connection) is reported, not fatal: the
  // scenario's own checks decide whether its numbers hold.
  process.on('unhandledRejection', (reason) => {
    console.error(`bench: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
  process.once('SIGTERM', onSignal);

  const mode = options.quick ? 'quick' : 'full';
  console.log(
    `bench: ${chosen.length} scenario(s), ${mode} sizes, seed ${options.seed}, ${cpus().length} CPUs, node ${process.version}`,
  );
  const startedAt = new Date();
  const entries = [];
  for (const scenario of chosen) {
    const started = performance.now();
    const log = (message) => console.log(`  [${scenario.name}] ${message}`);
    console.log(`\n▶ ${scenario.name}`);
    let entry;
    let env;
    try {
      env = await createBenchEnvironment();
      const result = await scenario.run({
        name: scenario.name,
        quick: options.quick,
        seed: options.seed,
        rng: createRng(options.seed ^ hashString(scenario.name)),
        env,
        log,
      });
      const { value = null, baseline = null, target = null, pass = false, ...rest } = result;
      let { ratio = null } = result;
      if (ratio === null && typeof value === 'number' && typeof baseline === 'number' && baseline > 0) {
        ratio = value / baseline;
      }
      entry = { name: scenario.name, value, baseline, ratio, target, pass: Boolean(pass), ...rest };
    } catch (error) {
      console.error(error);
      entry = {
        name: scenario.name,
        value: null,
        baseline: null,
        ratio: null,
        target: null,
        pass: false,
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      try {
        await env?.teardown();
      } catch (error) {
        console.error(error);
        entry.error ??= `cleanup failed: ${error instanceof Error ? error.message : String(error)}`;
        entry.pass = false;
      }
    }
    entry.durationMs = Math.round(performance.now() - started);
    log(`${verdict(entry)} in ${(entry.durationMs / 1000).toFixed(1)} s`);
    entries.push(entry);
  }

  printTable(entries);
  mkdirSync(dirname(resultsFile), { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode,
    seed: options.seed,
    node: process.version,
    cpus: cpus().length,
    scenarios: entries,
  };
  writeFileSync(resultsFile, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nresults: ${resultsFile}`);
  // A missed target is information; a scenario that could not run means the bench itself is broken.
  return entries.some((e) => e.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await teardownAll();
    process.exit(1);
  },
);
