import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recordScopeOf } from '@mc/access';
import { resolveMergeRedirect } from '@mc/employers';
import { lockWorkerReferences } from '@mc/migrants';
import type { CreatingActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';

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
  /**
   * Locks the worker rows (FOR SHARE) so an erasure cannot slip in before the complaint commits.
   * `createdHere`: workers the caller inserted in this transaction, which need no scope.
   */
  async checkWorkers(
    manager: EntityManager,
    workerIds: readonly string[],
    actor: CreatingActor,
    createdHere: readonly string[] = [],
  ): Promise<void> {
    const fresh = new Set(createdHere.map((id) => id.toLowerCase()));
    const scope = recordScopeOf(actor);
    // No scope (an analyst; the intake page, the bot or a partner naming an existing record): every id is unknown.
    if (scope.kind === 'none' && workerIds.some((id) => !fresh.has(id.toLowerCase())))
      refuse(workerIds.map((_, i) => ({ field: `workerIds.${i}`, message: 'Unknown worker' })));
    const byId = await lockWorkerReferences(manager, workerIds, actor);
    const problems: FieldProblem[] = [];
    workerIds.forEach((id, i) => {
      const row = byId.get(id.toLowerCase());
      if (!row || (!row.inScope && !fresh.has(id.toLowerCase())))
        problems.push({ field: `workerIds.${i}`, message: 'Unknown worker' });
      else if (row.erased) problems.push({ field: `workerIds.${i}`, message: 'This worker was erased' });
    });
    if (problems.length > 0) refuse(problems);
  }

  /** The surviving employer id for `employerId`, following merges. */
  async resolveEmployer(manager: EntityManager, employerId: string, field: string): Promise<string> {
    const found = await resolveMergeRedirect(manager, employerId, { forShare: true });
    if (found.kind === 'live') return found.id;
    if (found.kind === 'unknown') refuse([{ field, message: 'Unknown employer' }]);
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
