#!/usr/bin/env node
// Turns a Vitest log into the one line CI prints: "N passed, N failed[, N skipped]".
// Usage: node .ci/summary.mjs <vitest-output.log>; exits 2 when the log has no test summary.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// CSI sequences (colours, cursor moves) that Vitest may print even when asked not to.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Counts from the last " Tests  3 failed | 10 passed | 1 skipped (14)" line ("Test Files" is a
 * different line). Todo tests did not run either, so they count as skipped. null without one.
 */
export function parseVitestSummary(text) {
  const lines = text.replace(ANSI, '').split(/\r?\n/);
  const line = lines.reverse().find((l) => /^\s*Tests\s+\d/.test(l));
  if (line === undefined) return null;
  const count = (word) => {
    const match = line.match(new RegExp(`(\\d+)\\s+${word}\\b`));
    return match ? Number(match[1]) : 0;
  };
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') + count('todo') };
}

export function formatSummary({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const summary = parseVitestSummary(readFileSync(process.argv[2], 'utf8'));
  if (summary === null) {
    console.log(`no Vitest test summary in ${process.argv[2]}: the tests did not run`);
    process.exit(2);
  }
  console.log(formatSummary(summary));
}
