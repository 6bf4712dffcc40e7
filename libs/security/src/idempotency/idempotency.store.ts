import type { DataSource } from 'typeorm';

/** How long a key is remembered (api.md: a retry within a day gets the first answer). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** What the first request created: kept instead of its answer. */
export interface IdempotentOutcome {
  statusCode: number;
  resourceType: string;
  resourceId: string;
}

export type IdempotencyBegin =
  /** This request owns the key now: run it, then `complete` or `abandon`. */
  | { kind: 'started' }
  /** The first request with this key finished: answer with the record it created, read again. */
  | ({ kind: 'replay' } & IdempotentOutcome)
  /** The first request with this key is still running. */
  | { kind: 'in-progress' }
  /** The key was used with another body. */
  | { kind: 'mismatch' };

interface KeyRow {
  request_hash: string;
  status_code: number | null;
  resource_type: string | null;
  resource_id: string | null;
  expired: boolean;
}

/**
 * The `idempotency_keys` table. A row with a null status marks a request in flight; the insert's
 * ON CONFLICT DO NOTHING makes "who owns this key" a single atomic decision, also across API
 * replicas. No answer is stored, only its status and the created record's type and id: nothing
 * here outlives a person's erasure. Expired rows go with the worker's `idempotency.purge`.
 */
export class IdempotencyStore {
  constructor(private readonly db: DataSource) {}

  async begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
    // A few rounds: the row can vanish between our insert and select (the first request failed).
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = (await this.db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, created_at, expires_at)
         VALUES ($1, $2, $3, NULL, now(), now() + make_interval(hours => $4))
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING scope`,
        [scope, key, requestHash, IDEMPOTENCY_TTL_HOURS],
      )) as unknown[];
      if (inserted.length === 1) return { kind: 'started' };

      const [row] = (await this.db.query(
        `SELECT request_hash, status_code, resource_type, resource_id, expires_at <= now() AS expired
           FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      )) as KeyRow[];
      if (!row) continue;
      if (row.expired) {
        await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at <= now()`, [
          scope,
          key,
        ]);
        continue;
      }
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.status_code === null || row.resource_type === null || row.resource_id === null) {
        return { kind: 'in-progress' };
      }
      return {
        kind: 'replay',
        statusCode: row.status_code,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
      };
    }
    return { kind: 'in-progress' };
  }

  /** Keeps the outcome (status, what was created) for replays. */
  async complete(scope: string, key: string, outcome: IdempotentOutcome): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status_code = $3, resource_type = $4, resource_id = $5
        WHERE scope = $1 AND key = $2 AND status_code IS NULL`,
      [scope, key, outcome.statusCode, outcome.resourceType, outcome.resourceId],
    );
  }

  /** The request failed: forget the key so that a retry runs again. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [
      scope,
      key,
    ]);
  }
}
