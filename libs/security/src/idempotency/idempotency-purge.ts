import type { DataSource } from 'typeorm';

export interface IdempotencyPurgeResult {
  deleted: number;
  /** True when the run stopped at `maxBatches` with expired rows possibly left (the next run goes on). */
  capped: boolean;
}

/**
 * Deletes expired `idempotency_keys` rows, `batchSize` at a time (short transactions, short locks),
 * at most `maxBatches` batches per call. Idempotent: a second run, or two workers at once (SKIP
 * LOCKED), only find what is left. A request that meets an expired row deletes it itself, so the
 * purge is about rows whose key never comes back.
 */
export async function purgeExpiredIdempotencyKeys(
  db: DataSource,
  { batchSize = 1000, maxBatches = 100 }: { batchSize?: number; maxBatches?: number } = {},
): Promise<IdempotencyPurgeResult> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const [, count] = (await db.query(
      `DELETE FROM idempotency_keys
        WHERE (scope, key) IN (
          SELECT scope, key FROM idempotency_keys
           WHERE expires_at <= now()
           LIMIT $1
           FOR UPDATE SKIP LOCKED)`,
      [batchSize],
    )) as [unknown, number];
    deleted += count;
    if (count < batchSize) return { deleted, capped: false };
  }
  return { deleted, capped: true };
}
