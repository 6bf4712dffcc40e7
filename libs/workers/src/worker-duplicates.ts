import type { EntityManager } from 'typeorm';
import type { MigrantWorker } from './migrant-worker.entity.js';
import type { DuplicateField, PossibleDuplicate } from './worker-view.js';

/** More than this many is a data problem a list of ids will not solve. */
const MAX_DUPLICATES = 20;

/**
 * Other live workers sharing a phone, email or Telegram blind index with this one: likely the same
 * person entered twice. Across the whole collective, not only the caller's scope (two volunteers
 * entering the same person is the case to catch), so the answer is ids only: no identity of a
 * person the caller may not see. Each such answer is in the audit row of the create/update.
 */
export async function findPossibleDuplicates(
  manager: EntityManager,
  workerId: string,
  indexes: Pick<MigrantWorker, 'phoneBidx' | 'emailBidx' | 'telegramBidx'>,
): Promise<PossibleDuplicate[]> {
  const { phoneBidx, emailBidx, telegramBidx } = indexes;
  if (phoneBidx === null && emailBidx === null && telegramBidx === null) return [];
  const rows = (await manager.query(
    `SELECT id,
            (phone_bidx = $2) IS TRUE AS phone,
            (email_bidx = $3) IS TRUE AS email,
            (telegram_bidx = $4) IS TRUE AS telegram
       FROM migrant_workers
      WHERE id <> $1 AND erased_at IS NULL AND data_key_wrapped IS NOT NULL
        AND (phone_bidx = $2 OR email_bidx = $3 OR telegram_bidx = $4)
      ORDER BY id DESC
      LIMIT ${MAX_DUPLICATES}`,
    [workerId, phoneBidx, emailBidx, telegramBidx],
  )) as Array<{ id: string } & Record<DuplicateField, boolean>>;
  return rows.map((row) => ({
    id: row.id,
    matchedOn: (['phone', 'email', 'telegram'] as const).filter((field) => row[field]),
  }));
}
