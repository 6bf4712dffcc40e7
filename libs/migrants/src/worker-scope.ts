import { recordScopeOf, type AnyActor } from '@mc/security';

/*
 * Which workers a user may see (api.md): admin and coordinator all; a caseworker the workers
 * they created and the workers on complaints assigned to them or created by them; an analyst none.
 *
 * Deliberate read of the complaints tables (`complaint_workers`, `complaints.assignee_id`,
 * `complaints.created_by`) from the workers library: a caseworker's worker scope is defined by
 * complaints, and importing the complaints library here would make the dependency circular
 * (complaints already depend on workers). Only those three columns are read, by raw SQL.
 */

/** The user id the scope is limited to, null for "all"; analysts never reach here (route-level 403). */
export function scopeUserId(actor: AnyActor): string | null {
  const scope = recordScopeOf(actor);
  if (scope.kind === 'all') return null;
  if (scope.kind === 'own') return scope.userId;
  // Defence in depth: the routes refuse analysts already; a user id nobody has matches nothing.
  return '00000000-0000-0000-0000-000000000000';
}

/**
 * SQL predicate "worker `alias` is in scope of the user in parameter `$param`" (null = all), as an
 * EXISTS: cheap for one row or a few ids.
 */
export function workerInScopeSql(alias: string, param: string): string {
  return `(${param}::uuid IS NULL
    OR ${alias}.created_by = ${param}::uuid
    OR EXISTS (SELECT 1 FROM complaint_workers cw JOIN complaints c ON c.id = cw.complaint_id
                WHERE cw.worker_id = ${alias}.id
                  AND (c.assignee_id = ${param}::uuid OR c.created_by = ${param}::uuid)))`;
}

/**
 * The same scope as a set of ids, for lists: Postgres plans `id IN (small set)` as an index
 * lookup, where `created_by = … OR EXISTS (…)` over a newest-first scan would visit every worker
 * to find a caseworker's few. Keep in step with `workerInScopeSql`.
 */
export function scopedWorkerIdsSql(param: string): string {
  return `SELECT w2.id FROM migrant_workers w2 WHERE w2.created_by = ${param}::uuid
          UNION
          SELECT cw.worker_id FROM complaint_workers cw JOIN complaints c ON c.id = cw.complaint_id
           WHERE c.assignee_id = ${param}::uuid OR c.created_by = ${param}::uuid`;
}
