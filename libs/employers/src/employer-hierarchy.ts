import type { EntityManager } from 'typeorm';
import { EmployerError } from './employer-errors.js';

/** Serialises changes of parent links, so two concurrent edits cannot close a cycle between them. */
const HIERARCHY_LOCK = 715_101;
/** Deeper than any real agency → client chain; stops a walk over corrupt data. */
const MAX_DEPTH = 64;
const MAX_REDIRECTS = 16;

export const employerHierarchy = {
  lock(manager: EntityManager): Promise<unknown> {
    return manager.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]);
  },

  /** Ids of `employerId` and all its ancestors, nearest first. */
  async selfAndAncestors(manager: EntityManager, employerId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_employer_id, 1 FROM employers WHERE id = $1
         UNION ALL
         SELECT e.id, e.parent_employer_id, up.depth + 1
           FROM employers e JOIN up ON e.id = up.parent_id
          WHERE up.depth < $2
       )
       SELECT id FROM up ORDER BY depth`,
      [employerId, MAX_DEPTH],
    );
    return rows.map((r) => r.id);
  },

  /**
   * The employer a parent link should point at: the given one, or where it was merged to.
   * Unknown → 422 (the body refers to something that does not exist; the URL is fine).
   */
  async resolveParent(manager: EntityManager, parentId: string): Promise<string> {
    const id = await followRedirects(manager, parentId);
    if (id === null) throw new EmployerError('employer.unknown-parent', 'parentEmployerId: no such employer');
    return id;
  },

  /** Refuses a parent that is the employer itself or one of its descendants. */
  async assertNoCycle(manager: EntityManager, employerId: string, parentId: string): Promise<void> {
    const chain = await this.selfAndAncestors(manager, parentId);
    if (chain.includes(employerId)) {
      throw new EmployerError(
        'employer.parent-cycle',
        'parentEmployerId: an employer cannot be its own parent or ancestor',
      );
    }
  },
};

/** Where an employer id leads through merge redirects. */
export type MergeRedirect = { kind: 'live'; id: string } | { kind: 'unknown' } | { kind: 'broken' };

/**
 * Follows `merged_into_id` to the live employer. `forShare` locks every row on the way (FOR
 * SHARE), so a merge cannot move the chain before the caller's transaction commits. A chain
 * longer than MAX_REDIRECTS or one that loops is `broken` (a bug or a hand edit, never a merge).
 */
export async function resolveMergeRedirect(
  manager: EntityManager,
  employerId: string,
  options: { forShare?: boolean } = {},
): Promise<MergeRedirect> {
  const lock = options.forShare ? ' FOR SHARE' : '';
  const seen = new Set<string>();
  let id = employerId;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const [row] = (await manager.query(`SELECT id, merged_into_id FROM employers WHERE id = $1${lock}`, [id])) as {
      id: string;
      merged_into_id: string | null;
    }[];
    if (!row) return { kind: 'unknown' };
    if (row.merged_into_id === null) return { kind: 'live', id: row.id };
    seen.add(row.id);
    if (seen.has(row.merged_into_id)) break;
    id = row.merged_into_id;
  }
  return { kind: 'broken' };
}

/** The live employer an id leads to; null when the id does not exist. */
export async function followRedirects(manager: EntityManager, employerId: string): Promise<string | null> {
  const found = await resolveMergeRedirect(manager, employerId);
  if (found.kind === 'broken') throw new Error('Employer merge redirects are too long or circular');
  return found.kind === 'live' ? found.id : null;
}
