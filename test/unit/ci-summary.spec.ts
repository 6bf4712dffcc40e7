import { describe, expect, it } from 'vitest';
import { formatSummary, parseVitestSummary } from '../../.ci/summary.mjs';

// What `.ci/run` prints as its last line comes from here; a wrong count would hide failures.
describe('Vitest summary line', () => {
  it('reads passed and skipped', () => {
    const log = ' Test Files  3 passed (3)\n      Tests  12 passed | 1 skipped (13)\n   Duration  2.1s\n';
    expect(parseVitestSummary(log)).toEqual({ passed: 12, failed: 0, skipped: 1 });
    expect(formatSummary(parseVitestSummary(log)!)).toBe('12 passed, 0 failed, 1 skipped');
  });

  it('reads failures and does not confuse the Test Files line', () => {
    const log = ' Test Files  1 failed | 4 passed (5)\n      Tests  2 failed | 10 passed (12)\n';
    expect(parseVitestSummary(log)).toEqual({ passed: 10, failed: 2, skipped: 0 });
    expect(formatSummary(parseVitestSummary(log)!)).toBe('10 passed, 2 failed');
  });

  it('strips colours and counts todo as skipped', () => {
    const log =
      '\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[32m2 passed\u001b[39m\u001b[22m\u001b[90m (2)\u001b[39m\n' +
      '\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m' +
      '\u001b[1m\u001b[32m7 passed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[33m2 skipped\u001b[39m\u001b[2m | \u001b[22m' +
      '\u001b[2m1 todo\u001b[22m\u001b[90m (11)\u001b[39m\n';
    expect(parseVitestSummary(log)).toEqual({ passed: 7, failed: 1, skipped: 3 });
  });

  it('uses the last summary when the log holds several runs', () => {
    const log = '      Tests  1 failed (1)\n...\n      Tests  5 passed (5)\n';
    expect(parseVitestSummary(log)).toEqual({ passed: 5, failed: 0, skipped: 0 });
  });

  it('returns null when the tests never ran', () => {
    expect(parseVitestSummary('Error: globalSetup failed\n Test Files  no tests\n')).toBeNull();
    expect(parseVitestSummary('')).toBeNull();
  });
});
