import type { EntityManager } from 'typeorm';
import type { MigrantWorker } from './migrant-worker.entity.js';
import { workerInScopeSql } from '@mc/access';
import type { DuplicateField, DuplicateCheck } from './worker-view.js';

/** More than this many is a data problem a list of ids will not solve. */
const MAX_DUPLICATES = 20;

/**
 * Other live workers sharing a phone, email or Telegram blind index with this one: likely the same
 * person entered twice. Searched across the whole collective, not only the caller's scope (two
 * volunteers entering the same person is the case to catch). What the caller learns is cut to
 * their scope: the ids (never more) of the duplicates they may open, and only a count of the
 * others, so a caseworker cannot collect the ids of other caseworkers' people by typing phone
 * numbers; a coordinator, who sees every worker, gets every id. All ids go to the audit row.
 */
export async function findPossibleDuplicates(
  manager: EntityManager,
  workerId: string,
  indexes: Pick<MigrantWorker, 'phoneBidx' | 'emailBidx' | 'telegramBidx'>,
  scopeUserId: string | null,
): Promise<DuplicateCheck> {
  const { phoneBidx, emailBidx, telegramBidx } = indexes;
  if (phoneBidx === null && emailBidx === null && telegramBidx === null) return { visible: [], hidden: [] };
  const rows = (await manager.query(
    `SELECT w.id,
            (w.phone_bidx = $2) IS TRUE AS phone,
            (w.email_bidx = $3) IS TRUE AS email,
            (w.telegram_bidx = $4) IS TRUE AS telegram,
            ${workerInScopeSql('w', '$5')} AS in_scope
       FROM migrant_workers w
      WHERE w.id <> $1 AND w.erased_at IS NULL AND w.data_key_wrapped IS NOT NULL
        AND (w.phone_bidx = $2 OR w.email_bidx = $3 OR w.telegram_bidx = $4)
      ORDER BY w.id DESC
      LIMIT ${MAX_DUPLICATES}`,
    [workerId, phoneBidx, emailBidx, telegramBidx, scopeUserId],
  )) as Array<{ id: string; in_scope: boolean } & Record<DuplicateField, boolean>>;
  const duplicates = rows.map((row) => ({
    id: row.id,
    inScope: row.in_scope,
    matchedOn: (['phone', 'email', 'telegram'] as const).filter((field) => row[field]),
  }));
  return {
    visible: duplicates.filter((d) => d.inScope).map(({ id, matchedOn }) => ({ id, matchedOn })),
    hidden: duplicates.filter((d) => !d.inScope).map((d) => d.id),
  };
}

/** Another live worker sharing a contact with one of the workers asked about. */
export interface ContactShare {
  workerId: string;
  otherWorkerId: string;
  /** Which contacts are the same (blind index equality). */
  fields: DuplicateField[];
}

/**
 * For each of `workerIds`, the other live workers with the same phone, e-mail or Telegram blind
 * index, across the whole collective (triage hints: the same person filing twice). Ids and field
 * names only; the caller cuts the answer to what its actor may open.
 */
export async function workersSharingContacts(
  manager: EntityManager,
  workerIds: readonly string[],
): Promise<ContactShare[]> {
  if (workerIds.length === 0) return [];
  const rows = (await manager.query(
    // At most MAX_DUPLICATES per worker: one shared number (an agency's, an interpreter's) must not crowd out the rest.
    `SELECT worker_id, other_id, phone, email, telegram FROM (
       SELECT w.id AS worker_id, o.id AS other_id,
              (o.phone_bidx = w.phone_bidx) IS TRUE AS phone,
              (o.email_bidx = w.email_bidx) IS TRUE AS email,
              (o.telegram_bidx = w.telegram_bidx) IS TRUE AS telegram,
              row_number() OVER (PARTITION BY w.id ORDER BY o.id DESC) AS rank
         FROM migrant_workers w
         JOIN migrant_workers o
           ON o.id <> w.id AND o.erased_at IS NULL AND o.data_key_wrapped IS NOT NULL
          AND (o.phone_bidx = w.phone_bidx OR o.email_bidx = w.email_bidx OR o.telegram_bidx = w.telegram_bidx)
        WHERE w.id = ANY($1::uuid[])
     ) ranked
     WHERE rank <= ${MAX_DUPLICATES}
     ORDER BY worker_id, other_id DESC`,
    [workerIds],
  )) as Array<{ worker_id: string; other_id: string } & Record<DuplicateField, boolean>>;
  const fields: DuplicateField[] = ['phone', 'email', 'telegram'];
  return rows.map((row) => ({
    workerId: row.worker_id,
    otherWorkerId: row.other_id,
    fields: fields.filter((field) => row[field]),
  }));
}
