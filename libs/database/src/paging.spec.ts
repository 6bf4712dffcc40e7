import { describe, expect, it } from 'vitest';
import { InvalidCursorError, decodeOpaqueCursor, encodeOpaqueCursor, fetchSizeFor, pageOf } from './paging.js';

describe('paging', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('keeps the first `limit` rows and a cursor of the last kept one when another row came back', () => {
    expect(fetchSizeFor(2)).toBe(3);
    expect(pageOf(rows, 2, (last) => last.id)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'b' });
  });

  it('has no cursor on the last page, or on an empty one', () => {
    expect(pageOf(rows, 3, (last) => last.id).nextCursor).toBeNull();
    expect(pageOf([], 3, (last: { id: string }) => last.id)).toEqual({ items: [], nextCursor: null });
  });

  it('maps the kept rows only', () => {
    expect(
      pageOf(
        rows,
        1,
        (last) => last.id,
        (kept) => kept.map((r) => r.id.toUpperCase()),
      ),
    ).toEqual({
      items: ['A'],
      nextCursor: 'a',
    });
  });

  it('round-trips an opaque cursor and refuses anything else as an invalid cursor', () => {
    expect(decodeOpaqueCursor(encodeOpaqueCursor({ a: 'x', o: 20 }))).toEqual({ a: 'x', o: 20 });
    for (const bad of ['%%%', Buffer.from('[1]').toString('base64url'), Buffer.from('null').toString('base64url')]) {
      expect(() => decodeOpaqueCursor(bad)).toThrow(InvalidCursorError);
    }
    expect(new InvalidCursorError()).toMatchObject({ code: 'cursor.invalid', kind: 'invalid' });
  });
});
