import { InvalidCursorError, decodeOpaqueCursor, encodeOpaqueCursor, isUuid } from '@mc/database';

/**
 * Opaque list cursors. A name-ordered list continues after an employer id (the cursor never
 * holds a name: a household's name can be a person's, and URLs end up in logs); a ranked
 * search continues at an offset, because scores are not a stable key to seek on.
 */
export type EmployerCursor = { kind: 'after'; id: string } | { kind: 'offset'; offset: number };

export function encodeEmployerCursor(cursor: EmployerCursor): string {
  return encodeOpaqueCursor(cursor.kind === 'after' ? { a: cursor.id } : { o: cursor.offset });
}

const MAX_OFFSET = 100_000;

/** The offset of a ranked-list cursor; anything else → 400. */
export function decodeOffsetCursor(value: string): number {
  const cursor = decodeEmployerCursor(value, 'offset');
  return cursor.kind === 'offset' ? cursor.offset : 0;
}

/** The last employer id of a name-ordered list cursor; anything else → 400. */
export function decodeAfterCursor(value: string): string {
  const cursor = decodeEmployerCursor(value, 'after');
  return cursor.kind === 'after' ? cursor.id : '';
}

function decodeEmployerCursor(value: string, expected: EmployerCursor['kind']): EmployerCursor {
  const { a, o } = decodeOpaqueCursor(value);
  if (expected === 'after' && typeof a === 'string' && isUuid(a)) return { kind: 'after', id: a };
  if (expected === 'offset' && typeof o === 'number' && Number.isInteger(o) && o > 0 && o <= MAX_OFFSET) {
    return { kind: 'offset', offset: o };
  }
  throw new InvalidCursorError();
}
