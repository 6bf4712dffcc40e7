import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { codedErrors } from '@mc/errors';

/** One page of a list and the opaque cursor of the next, null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class InvalidCursorError extends codedErrors({ 'cursor.invalid': 'invalid' } as const) {
  constructor(message = 'The cursor is not valid for this list') {
    super('cursor.invalid', message);
  }
}

/**
 * Rows to fetch for a page of `limit`: one more, so whether another page follows is known
 * without a count.
 */
export function fetchSizeFor(limit: number): number {
  return limit + 1;
}

/**
 * The page from rows fetched with `fetchSizeFor(limit)`: the first `limit` of them, and a cursor
 * made from the last one kept when the extra row shows that more follow.
 */
export function pageOf<R, T = R>(
  rows: readonly R[],
  limit: number,
  cursorOf: (last: R) => string,
  toItems: (rows: R[]) => T[] = (kept) => kept as unknown as T[],
): Page<T> {
  const kept = rows.slice(0, limit);
  const more = rows.length > limit && kept.length > 0;
  return { items: toItems(kept), nextCursor: more ? cursorOf(kept[kept.length - 1]!) : null };
}

/** Where a keyset page starts: after `after` in the order of the unique column `key`. */
export interface KeysetPageRequest {
  /** A unique, ordered column of the query, with its alias: `n.id`, `t.seq`. */
  key: string;
  order: 'ASC' | 'DESC';
  limit: number;
  /** The key of the previous page's last row, already decoded and checked by the caller. */
  after?: string | number;
}

/**
 * Runs a query as one page in keyset order: sorted by the key, only rows past `after` in that
 * order, one row more than the page (see `pageOf`). The caller adds its own filters first.
 */
export async function keysetPage<R extends ObjectLiteral>(
  qb: SelectQueryBuilder<R>,
  page: KeysetPageRequest,
  cursorOf: (last: R) => string,
): Promise<Page<R>> {
  qb.orderBy(page.key, page.order).limit(fetchSizeFor(page.limit));
  if (page.after !== undefined) {
    qb.andWhere(`${page.key} ${page.order === 'ASC' ? '>' : '<'} :keysetAfter`, { keysetAfter: page.after });
  }
  return pageOf(await qb.getMany(), page.limit, cursorOf);
}

/**
 * Opaque cursors: a small JSON object in base64url. They hold ids, positions or offsets only,
 * never a name or a contact (URLs end up in logs and browser histories).
 */
export function encodeOpaqueCursor(fields: Readonly<Record<string, string | number>>): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

/** The object of a cursor made by `encodeOpaqueCursor`; anything else is an InvalidCursorError. */
export function decodeOpaqueCursor(cursor: string): Readonly<Record<string, unknown>> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidCursorError();
  return raw as Record<string, unknown>;
}
