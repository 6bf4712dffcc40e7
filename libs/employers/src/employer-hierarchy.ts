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

/** Follows `merged_into_id` to the live employer; null when the id does not exist. */
export async function followRedirects(manager: EntityManager, employerId: string): Promise<string | null> {
  let id = employerId;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const [row] = (await manager.query('SELECT merged_into_id FROM employers WHERE id = $1', [id])) as {
      merged_into_id: string | null;
    }[];
    if (!row) return null;
    if (row.merged_into_id === null) return id;
    id = row.merged_into_id;
  }
  throw new Error('Employer merge redirects are too long or circular');
}
