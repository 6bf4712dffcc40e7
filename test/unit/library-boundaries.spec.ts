import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The seams of architecture.md, checked on the source text: each table has one library that
 * owns its SQL, libraries throw coded domain errors (the API maps them to problem+json), and
 * record scope is written in @mc/access only. A failure names the file and what it reached for.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const LIBS = join(ROOT, 'libs');

/**
 * Libraries allowed to name other libraries' tables, and why:
 * - access: the scope rules (owner, assignee, membership, role) are one component, as immich
 *   keeps one access repository; it reads only the columns that decide who may open a record.
 * - testing: fixtures seed rows for tests directly, as a migration would; nothing ships it.
 */
const MAY_NAME_OTHER_TABLES = new Set(['access', 'testing']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function libOf(file: string): string {
  return relative(LIBS, file).split('/')[0]!;
}

const libSources = readdirSync(LIBS).flatMap((lib) => sourceFiles(join(LIBS, lib, 'src')));
/** The code without its comments: a comment may say which table a job writes. */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');
}
const text = new Map(libSources.map((f) => [f, code(readFileSync(f, 'utf8'))]));

/** table → owning library, and entity class → owning library, from the @Entity declarations. */
function owners(): { tables: Map<string, string>; entities: Map<string, string> } {
  const tables = new Map<string, string>();
  const entities = new Map<string, string>();
  for (const [file, source] of text) {
    const pattern = /@Entity\(\{\s*name:\s*'([a-z_]+)'[^)]*\)\s*(?:@[^\n]*\n\s*)*export class (\w+)/g;
    for (const match of source.matchAll(pattern)) {
      tables.set(match[1]!, libOf(file));
      entities.set(match[2]!, libOf(file));
    }
  }
  return { tables, entities };
}

describe('library boundaries', () => {
  const { tables, entities } = owners();

  it('finds the tables and their owners', () => {
    // Guards the check itself: a pattern that matched nothing would pass everything.
    expect(tables.get('complaints')).toBe('complaints');
    expect(tables.get('users')).toBe('security');
    expect(tables.get('escalation_steps')).toBe('escalations');
    expect(entities.get('MigrantWorker')).toBe('migrants');
    expect(tables.size).toBeGreaterThanOrEqual(20);
  });

  it("no library's SQL names another library's table", () => {
    const found: string[] = [];
    for (const [file, source] of text) {
      const lib = libOf(file);
      if (MAY_NAME_OTHER_TABLES.has(lib)) continue;
      for (const [table, owner] of tables) {
        if (owner === lib) continue;
        const sql = new RegExp(`\\b(FROM|JOIN|UPDATE|INTO|TABLE)\\s+"?${table}"?(?![\\w"])`, 'i');
        if (sql.test(source)) found.push(`${relative(ROOT, file)} names ${table} (${owner})`);
      }
    }
    expect(found).toEqual([]);
  });

  it("no library queries another library's entity", () => {
    const found: string[] = [];
    const calls =
      'getRepository|find\\w*|update|insert|delete|count\\w*|exists\\w*|save|upsert|createQueryBuilder|increment|decrement';
    for (const [file, source] of text) {
      const lib = libOf(file);
      if (MAY_NAME_OTHER_TABLES.has(lib)) continue;
      for (const [entity, owner] of entities) {
        if (owner === lib) continue;
        if (new RegExp(`\\b(${calls})\\(\\s*${entity}\\b`).test(source)) {
          found.push(`${relative(ROOT, file)} queries ${entity} (${owner})`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('libraries throw domain errors, not HTTP exceptions', () => {
    const http =
      /\b(HttpException|BadRequestException|UnauthorizedException|ForbiddenException|NotFoundException|ConflictException|UnprocessableEntityException|PayloadTooLargeException|PreconditionFailedException|ServiceUnavailableException|InternalServerErrorException|GoneException)\b/;
    const found = [...text].filter(([, source]) => http.test(source)).map(([file]) => relative(ROOT, file));
    expect(found).toEqual([]);
  });

  it('record scope is decided in @mc/access only', () => {
    // The caseworker's rule, in SQL or TypeScript, outside the access component.
    const rule = /assignee_id"?\s*=\s*(\$|:|\$\{)|\.assigneeId\s*===?\s*(actor|scope|user)\b|function recordScopeOf/;
    const found = [...text]
      .filter(([file, source]) => libOf(file) !== 'access' && rule.test(source))
      .map(([file]) => relative(ROOT, file));
    expect(found).toEqual([]);
  });
});
