import { InvalidCursorError } from '@mc/database';
import { describe, expect, it } from 'vitest';
import { newId } from '@mc/database';
import { decodeAfterCursor, decodeOffsetCursor, encodeEmployerCursor } from './employer-cursor.js';

describe('employer list cursors', () => {
  it('round-trip an offset and an employer id', () => {
    expect(decodeOffsetCursor(encodeEmployerCursor({ kind: 'offset', offset: 50 }))).toBe(50);
    const id = newId();
    expect(decodeAfterCursor(encodeEmployerCursor({ kind: 'after', id }))).toBe(id);
  });

  it('refuse garbage, negative offsets and a cursor of the other kind with 400', () => {
    const offset = encodeEmployerCursor({ kind: 'offset', offset: 50 });
    const after = encodeEmployerCursor({ kind: 'after', id: newId() });
    const forged = Buffer.from(JSON.stringify({ o: -1 })).toString('base64url');
    expect(() => decodeOffsetCursor('%%%')).toThrow(InvalidCursorError);
    expect(() => decodeOffsetCursor(forged)).toThrow(InvalidCursorError);
    expect(() => decodeOffsetCursor(after)).toThrow(InvalidCursorError);
    expect(() => decodeAfterCursor(offset)).toThrow(InvalidCursorError);
  });
});
