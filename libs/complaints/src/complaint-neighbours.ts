import type { EntityManager } from 'typeorm';
import { complaintScopeSql, recordScopeOf, scopeUserId } from '@mc/access';
import type { AnyActor } from '@mc/security';

/**
 * Other complaints near some complaints, for triage hints: those naming given workers, and those
 * against the same employer filed within a number of days. Only complaints the actor may open
 * are returned (a hint must not tell a caseworker that someone else's case exists).
 */
export interface NeighbourComplaint {
  complaintId: string;
  reference: string;
}

/** The scope predicate on `alias` and the params with the scope's user appended when it needs one. */
function scoped(actor: AnyActor, alias: string, params: unknown[]): { sql: string; params: unknown[] } {
  const param = `$${params.length + 1}`;
  const sql = complaintScopeSql(recordScopeOf(actor), alias, param);
  if (sql === null) return { sql: 'TRUE', params };
  return sql.includes(param) ? { sql, params: [...params, scopeUserId(actor)] } : { sql, params };
}

/** Rows of (owner, neighbour id, reference) as owner → neighbours, in the rows' order. */
function groupNeighbours<R extends { id: string; reference: string }>(
  rows: readonly R[],
  ownerOf: (row: R) => string,
): Map<string, NeighbourComplaint[]> {
  const byOwner = new Map<string, NeighbourComplaint[]>();
  for (const row of rows) {
    const list = byOwner.get(ownerOf(row)) ?? [];
    list.push({ complaintId: row.id, reference: row.reference });
    byOwner.set(ownerOf(row), list);
  }
  return byOwner;
}

/** The workers of each complaint: complaint id → worker ids. */
export async function workerIdsOfComplaints(
  manager: EntityManager,
  complaintIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byComplaint = new Map<string, string[]>();
  if (complaintIds.length === 0) return byComplaint;
  const rows: { complaint_id: string; worker_id: string }[] = await manager.query(
    `SELECT complaint_id, worker_id FROM complaint_workers WHERE complaint_id = ANY($1::uuid[])`,
    [complaintIds],
  );
  for (const row of rows)
    byComplaint.set(row.complaint_id, [...(byComplaint.get(row.complaint_id) ?? []), row.worker_id]);
  return byComplaint;
}

/** The complaints naming each of `workerIds` that `actor` may open: worker id → complaints. */
export async function complaintsNamingWorkers(
  manager: EntityManager,
  workerIds: readonly string[],
  actor: AnyActor,
  perWorker = 10,
): Promise<Map<string, NeighbourComplaint[]>> {
  if (workerIds.length === 0) return new Map();
  const scope = scoped(actor, 'c', [workerIds]);
  const rows: { worker_id: string; id: string; reference: string }[] = await manager.query(
    `SELECT worker_id, id, reference FROM (
       SELECT cw.worker_id, c.id, c.reference, row_number() OVER (PARTITION BY cw.worker_id ORDER BY c.id DESC) AS rank
         FROM complaint_workers cw JOIN complaints c ON c.id = cw.complaint_id
        WHERE cw.worker_id = ANY($1::uuid[]) AND ${scope.sql}
     ) ranked
     WHERE rank <= ${perWorker}
     ORDER BY worker_id, id DESC`,
    scope.params,
  );
  return groupNeighbours(rows, (row) => row.worker_id);
}

/** For each of `complaintIds`, the other complaints against its employer filed within `days` of it. */
export async function sameEmployerComplaintsWithin(
  manager: EntityManager,
  complaintIds: readonly string[],
  days: number,
  actor: AnyActor,
  perComplaint = 10,
): Promise<Map<string, NeighbourComplaint[]>> {
  if (complaintIds.length === 0) return new Map();
  const scope = scoped(actor, 'o', [complaintIds, days]);
  const rows: { complaint_id: string; id: string; reference: string }[] = await manager.query(
    // At most `perComplaint` each, newest first: a wave at one employer must not make every row of a page pull in all the others.
    `SELECT complaint_id, id, reference FROM (
       SELECT c.id AS complaint_id, o.id, o.reference,
              row_number() OVER (PARTITION BY c.id ORDER BY o.id DESC) AS rank
         FROM complaints c
         JOIN complaints o ON o.employer_id = c.employer_id AND o.id <> c.id
          AND o.created_at BETWEEN c.created_at - make_interval(days => $2::int) AND c.created_at + make_interval(days => $2::int)
        WHERE c.id = ANY($1::uuid[]) AND ${scope.sql}
     ) ranked
     WHERE rank <= ${perComplaint}
     ORDER BY complaint_id, id DESC`,
    scope.params,
  );
  return groupNeighbours(rows, (row) => row.complaint_id);
}
