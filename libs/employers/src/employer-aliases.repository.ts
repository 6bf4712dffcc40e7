import type { EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import { normaliseEmployerName } from './employer-name.js';

/** Other names of employers, stored with their own normal form for the trigram index. */
export const employerAliasesRepository = {
  /** Aliases per employer, in the order they were added. */
  async load(manager: EntityManager, employerIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(employerIds.map((id) => [id, []]));
    if (employerIds.length === 0) return out;
    const rows: { employer_id: string; alias: string }[] = await manager.query(
      'SELECT employer_id, alias FROM employer_aliases WHERE employer_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [employerIds],
    );
    for (const row of rows) out.get(row.employer_id)?.push(row.alias);
    return out;
  },

  /**
   * Replaces every alias of an employer. Two aliases with the same normal form are one alias
   * to search (and the unique index refuses the second): the first spelling given wins.
   */
  async replace(manager: EntityManager, employerId: string, aliases: readonly string[]): Promise<void> {
    await manager.query('DELETE FROM employer_aliases WHERE employer_id = $1', [employerId]);
    await this.add(manager, employerId, aliases);
  },

  /** Adds aliases, skipping those whose normal form the employer already has. Returns how many were added. */
  async add(manager: EntityManager, employerId: string, aliases: readonly string[]): Promise<number> {
    let added = 0;
    const seen = new Set<string>();
    for (const raw of aliases) {
      const alias = raw.trim();
      const searchName = normaliseEmployerName(alias);
      if (alias.length === 0 || seen.has(searchName)) continue;
      seen.add(searchName);
      const rows: unknown[] = await manager.query(
        `INSERT INTO employer_aliases (id, employer_id, alias, search_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (employer_id, search_name) DO NOTHING RETURNING id`,
        [newId(), employerId, alias, searchName],
      );
      added += rows.length;
    }
    return added;
  },
};

export function sameAliases(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((alias, i) => alias === b[i]);
}
