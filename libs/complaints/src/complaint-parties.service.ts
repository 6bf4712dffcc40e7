import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recordScopeOf, type CreatingActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';

/** How many merge redirects are followed before giving up (a merge of a merge of a merge...). */
const MAX_MERGE_HOPS = 10;

interface FieldProblem {
  field: string;
  message: string;
}

function refuse(problems: FieldProblem[]): never {
  throw new ComplaintError('complaint.unusable-references', 'The complaint refers to records that cannot be used', {
    fields: problems,
  });
}

/**
 * Checks the people and companies a complaint names, before it is written:
 * - workers must exist, not be erased, and (for a caseworker) be in their scope: created by them
 *   or on a complaint of theirs. A worker out of scope gets the same answer as an unknown id, so
 *   the answer does not confirm that the person is on file.
 * - employers and intermediaries must exist. A merged employer is followed to the record it was
 *   merged into (the merge keeps the source as a redirect, so an id a client held before the
 *   merge still works); the complaint stores the surviving id.
 * Unknown ids answer 422 with `errors` naming the field, not 404: the URL is fine, the body is not.
 */
@Injectable()
export class ComplaintPartiesService {
  /** Locks the worker rows (FOR SHARE) so an erasure cannot slip in before the complaint commits. */
  async checkWorkers(manager: EntityManager, workerIds: readonly string[], actor: CreatingActor): Promise<void> {
    const scope = recordScopeOf(actor);
    // No scope (an analyst; the intake page, the bot or a partner naming an existing record): every id is unknown.
    if (scope.kind === 'none')
      refuse(workerIds.map((_, i) => ({ field: `workerIds.${i}`, message: 'Unknown worker' })));
    const userId = scope.kind === 'own' ? scope.userId : null;
    const rows = (await manager.query(
      `SELECT w.id,
              (w.erased_at IS NOT NULL OR w.data_key_wrapped IS NULL) AS erased,
              ($2::uuid IS NULL
               OR w.created_by = $2::uuid
               OR EXISTS (SELECT 1 FROM complaint_workers cw JOIN complaints c ON c.id = cw.complaint_id
                           WHERE cw.worker_id = w.id AND (c.assignee_id = $2::uuid OR c.created_by = $2::uuid))
              ) AS in_scope
         FROM migrant_workers w
        WHERE w.id = ANY($1::uuid[])
          FOR SHARE OF w`,
      [workerIds, userId],
    )) as Array<{ id: string; erased: boolean; in_scope: boolean }>;
    const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
    const problems: FieldProblem[] = [];
    workerIds.forEach((id, i) => {
      const row = byId.get(id.toLowerCase());
      if (!row || !row.in_scope) problems.push({ field: `workerIds.${i}`, message: 'Unknown worker' });
      else if (row.erased) problems.push({ field: `workerIds.${i}`, message: 'This worker was erased' });
    });
    if (problems.length > 0) refuse(problems);
  }

  /** The surviving employer id for `employerId`, following merges. */
  async resolveEmployer(manager: EntityManager, employerId: string, field: string): Promise<string> {
    let current = employerId;
    const seen = new Set<string>();
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
      const rows = (await manager.query(`SELECT id, merged_into_id FROM employers WHERE id = $1 FOR SHARE`, [
        current,
      ])) as Array<{ id: string; merged_into_id: string | null }>;
      const row = rows[0];
      if (!row) refuse([{ field, message: 'Unknown employer' }]);
      if (row.merged_into_id === null) return row.id;
      seen.add(row.id);
      if (seen.has(row.merged_into_id)) break;
      current = row.merged_into_id;
    }
    return refuse([{ field, message: 'This employer was merged and its redirect cannot be followed' }]);
  }

  /**
   * The employer and the intermediaries, each resolved through merges. An intermediary that is
   * (or was merged into) the employer itself, or twice the same company, is dropped: the chain
   * names each company once.
   */
  async resolveEmployers(
    manager: EntityManager,
    employerId: string,
    intermediaryIds: readonly string[],
  ): Promise<{ employerId: string; intermediaryEmployerIds: string[] }> {
    const resolved = await this.resolveEmployer(manager, employerId, 'employerId');
    const intermediaries: string[] = [];
    for (const [i, id] of intermediaryIds.entries()) {
      const target = await this.resolveEmployer(manager, id, `intermediaryEmployerIds.${i}`);
      if (target !== resolved && !intermediaries.includes(target)) intermediaries.push(target);
    }
    return { employerId: resolved, intermediaryEmployerIds: intermediaries };
  }
}
