import type { EntityManager } from 'typeorm';
import { scopeUserId, workerInScopeSql } from '@mc/access';
import type { AnyActor } from '@mc/security';

/** What another record (a complaint) may learn of a worker it wants to name. */
export interface WorkerReference {
  readonly id: string;
  /** Erased, or its data key is gone: the person cannot be named on anything new. */
  readonly erased: boolean;
  /** In the actor's scope; out of scope answers like an unknown id. */
  readonly inScope: boolean;
}

/**
 * The workers `ids` names, locked FOR SHARE so an erasure cannot slip in before the caller's
 * transaction commits. Unknown ids are simply absent from the map (keys are lower-case).
 */
export async function lockWorkerReferences(
  manager: EntityManager,
  ids: readonly string[],
  actor: AnyActor,
): Promise<Map<string, WorkerReference>> {
  const rows = (await manager.query(
    `SELECT w.id,
            (w.erased_at IS NOT NULL OR w.data_key_wrapped IS NULL) AS erased,
            ${workerInScopeSql('w', '$2')} AS in_scope
       FROM migrant_workers w
      WHERE w.id = ANY($1::uuid[])
        FOR SHARE OF w`,
    [ids, scopeUserId(actor)],
  )) as Array<{ id: string; erased: boolean; in_scope: boolean }>;
  return new Map(rows.map((r) => [r.id.toLowerCase(), { id: r.id, erased: r.erased, inScope: r.in_scope }]));
}
