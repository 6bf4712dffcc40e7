import { InvalidCursorError, decodeOpaqueCursor, encodeOpaqueCursor, isUuid } from '@mc/database';

/**
 * Opaque cursor of the newest-first notification list: the id (UUID v7, so time-ordered) of the
 * last item of the previous page.
 */
export function encodeNotificationCursor(lastId: string): string {
  return encodeOpaqueCursor({ b: lastId });
}

/** The id to continue before; anything else → 400. */
export function decodeNotificationCursor(cursor: string): string {
  const before = decodeOpaqueCursor(cursor).b;
  if (typeof before !== 'string' || !isUuid(before)) throw new InvalidCursorError();
  return before;
}
