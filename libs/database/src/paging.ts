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
