import { BadRequestException } from '@nestjs/common';
import { isUuid } from '@mc/database';

/**
 * Opaque cursor of the newest-first notification list: the id (UUID v7, so time-ordered) of the
 * last item of the previous page.
 */
export function encodeNotificationCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ b: lastId }), 'utf8').toString('base64url');
}

/** The id to continue before; anything else → 400. */
export function decodeNotificationCursor(cursor: string): string {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const before = (raw as { b?: unknown } | null)?.b;
  if (typeof before !== 'string' || !isUuid(before)) throw invalidCursor();
  return before;
}

// Still an HTTP exception (issue 10): notification-content.spec.ts asserts its `status: 400`.
function invalidCursor(): BadRequestException {
  return new BadRequestException('The cursor is not valid for this list');
}
