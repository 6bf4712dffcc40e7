import type { DataSource } from 'typeorm';
import type { FieldEncryptionService, FieldAad } from '@mc/security';

/** How long a key is remembered (api.md: a retry within a day gets the first answer). */
export const IDEMPOTENCY_TTL_HOURS = 24;

export type IdempotencyBegin =
  /** This request owns the key now: run it, then `complete` or `abandon`. */
  | { kind: 'started' }
  /** The first request with this key finished: answer with its response. */
  | { kind: 'replay'; statusCode: number; body: unknown }
  /** The first request with this key is still running. */
  | { kind: 'in-progress' }
  /** The key was used with another body. */
  | { kind: 'mismatch' };

interface KeyRow {
  request_hash: string;
  status_code: number | null;
  response_enc: string | null;
  expired: boolean;
}

function responseAad(scope: string, key: string): FieldAad {
  return { table: 'idempotency_keys', column: 'response', rowId: `${scope}:${key}` };
}

/**
 * The `idempotency_keys` table. A row with a null status marks a request in flight; the insert's
 * ON CONFLICT DO NOTHING makes "who owns this key" a single atomic decision, also across API
 * replicas. Responses are stored encrypted with the system key: a create's response can hold a
 * person's name.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: DataSource,
    private readonly encryption: FieldEncryptionService,
  ) {}

  async begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
    // A few rounds: the row can vanish between our insert and select (the first request failed).
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = (await this.db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_enc, created_at, expires_at)
         VALUES ($1, $2, $3, NULL, NULL, now(), now() + make_interval(hours => $4))
         ON CONFLICT (scope, key) DO NOTHING
         RETURNING scope`,
        [scope, key, requestHash, IDEMPOTENCY_TTL_HOURS],
      )) as unknown[];
      if (inserted.length === 1) return { kind: 'started' };

      const [row] = (await this.db.query(
        `SELECT request_hash, status_code, response_enc, expires_at <= now() AS expired
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
      if (row.status_code === null || row.response_enc === null) return { kind: 'in-progress' };
      const json = this.encryption.decrypt(this.encryption.systemKey, row.response_enc, responseAad(scope, key))!;
      return { kind: 'replay', statusCode: row.status_code, body: json === '' ? undefined : JSON.parse(json) };
    }
    return { kind: 'in-progress' };
  }

  /** Keeps the successful response for replays. */
  async complete(scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
    const json = body === undefined ? '' : JSON.stringify(body);
    const responseEnc = this.encryption.encrypt(this.encryption.systemKey, json, responseAad(scope, key));
    await this.db.query(
      `UPDATE idempotency_keys SET status_code = $3, response_enc = $4
        WHERE scope = $1 AND key = $2 AND status_code IS NULL`,
      [scope, key, statusCode, responseEnc],
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
