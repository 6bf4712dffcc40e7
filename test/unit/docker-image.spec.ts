import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The image keeps each workspace's dist/ and the directories read next to it at run time. A new
 * directory of run-time files (templates, assets, message files) that the Dockerfile does not
 * copy would work in every test and fail only in production: this names it.
 */
const ROOT = join(import.meta.dirname, '..', '..');
/** Build inputs and outputs that the image leaves behind or copies on its own. */
const NOT_RUNTIME = new Set(['src', 'dist', 'node_modules']);

describe('Docker image', () => {
  it('copies every run-time directory of every workspace', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const copied = /for runtime in ([a-z ]+); do/.exec(dockerfile)?.[1]?.split(' ') ?? [];
    expect(copied).toContain('dist');
    const missing: string[] = [];
    for (const group of ['apps', 'libs']) {
      for (const workspace of readdirSync(join(ROOT, group))) {
        for (const entry of readdirSync(join(ROOT, group, workspace), { withFileTypes: true })) {
          if (entry.isDirectory() && !NOT_RUNTIME.has(entry.name) && !copied.includes(entry.name)) {
            missing.push(`${group}/${workspace}/${entry.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
