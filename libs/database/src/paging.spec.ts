import type { SelectQueryBuilder } from 'typeorm';
import { describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  decodeOpaqueCursor,
  encodeOpaqueCursor,
  fetchSizeFor,
  keysetPage,
  pageOf,
  type KeysetPageRequest,
} from './paging.js';

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

  describe('keysetPage', () => {
    /** A query builder that records what it is asked and returns `rows`. */
    function recorder(rows: { id: string }[]) {
      const calls: unknown[][] = [];
      const qb = {
        orderBy: (...args: unknown[]) => (calls.push(['orderBy', ...args]), qb),
        limit: (...args: unknown[]) => (calls.push(['limit', ...args]), qb),
        andWhere: (...args: unknown[]) => (calls.push(['andWhere', ...args]), qb),
        getMany: async () => rows,
      };
      return { calls, qb: qb as unknown as SelectQueryBuilder<{ id: string }> };
    }
    const page = (over: Partial<KeysetPageRequest>): KeysetPageRequest => ({
      key: 'n.id',
      order: 'ASC',
      limit: 2,
      ...over,
    });

    it('orders by the key and fetches one row more than the page', async () => {
      const { calls, qb } = recorder(rows);
      expect(await keysetPage(qb, page({}), (last) => last.id)).toEqual({
        items: [{ id: 'a' }, { id: 'b' }],
        nextCursor: 'b',
      });
      expect(calls).toEqual([
        ['orderBy', 'n.id', 'ASC'],
        ['limit', 3],
      ]);
    });

    it('starts after the key in ascending order and before it in descending order', async () => {
      const asc = recorder([]);
      await keysetPage(asc.qb, page({ after: 'k' }), (last) => last.id);
      expect(asc.calls).toContainEqual(['andWhere', 'n.id > :keysetAfter', { keysetAfter: 'k' }]);
      const desc = recorder([]);
      await keysetPage(desc.qb, page({ key: 't.seq', order: 'DESC', after: 42 }), (last) => last.id);
      expect(desc.calls).toContainEqual(['orderBy', 't.seq', 'DESC']);
      expect(desc.calls).toContainEqual(['andWhere', 't.seq < :keysetAfter', { keysetAfter: 42 }]);
    });
  });
});
