import { complaintOwnedBySql } from './complaint-scope.js';

/*
 * Which migrant workers a user may see (api.md): admin and coordinator all; a caseworker the
 * workers they created and the workers on complaints they may open; an analyst none. The user is
 * bound as in `scopeUserId` (null = all).
 */

/** "worker `worker` is in scope of the user bound at `userParam`", as an EXISTS: cheap for one row or a few ids. */
export function workerInScopeSql(worker: string, userParam: string): string {
  return `(${userParam}::uuid IS NULL
    OR ${worker}."created_by" = ${userParam}::uuid
    OR EXISTS (SELECT 1 FROM "complaint_workers" cw JOIN "complaints" c ON c."id" = cw."complaint_id"
                WHERE cw."worker_id" = ${worker}."id" AND ${complaintOwnedBySql('c', `${userParam}::uuid`)}))`;
}

/**
 * The same scope as a set of ids, for lists: Postgres plans `id IN (small set)` as an index
 * lookup, where `created_by = … OR EXISTS (…)` over a newest-first scan would visit every worker
 * to find a caseworker's few. Only for a bound user (not null). Keep in step with `workerInScopeSql`.
 */
export function scopedWorkerIdsSql(userParam: string): string {
  return `SELECT w2."id" FROM "migrant_workers" w2 WHERE w2."created_by" = ${userParam}::uuid
          UNION
          SELECT cw."worker_id" FROM "complaint_workers" cw JOIN "complaints" c ON c."id" = cw."complaint_id"
           WHERE ${complaintOwnedBySql('c', `${userParam}::uuid`)}`;
}
