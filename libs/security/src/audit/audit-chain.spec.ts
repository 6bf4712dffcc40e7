import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_CHAIN_V1,
  AUDIT_CHAIN_V2,
  AUDIT_GENESIS_HASH,
  AuditChainWalker,
  AuditKeys,
  canonicalAuditPayload,
  checkpointMac,
  computeAuditHash,
  computeAuditHmac,
  type AuditChainRow,
  type AuditStoredCheckpoint,
  decodeAuditCursor,
  encodeAuditCursor,
  normaliseAuditDetails,
  type AuditHashInput,
} from './audit-chain.js';

const at = new Date('2025-03-01T10:20:30.456Z');
const row: AuditHashInput & { at: Date } = {
  id: '0190e5a0-1234-7abc-8def-0123456789ab',
  at,
  actorType: 'user',
  actorId: '0190e5a0-0000-7abc-8def-0123456789ab',
  action: 'user.update',
  entityType: 'user',
  entityId: '0190e5a0-1111-7abc-8def-0123456789ab',
  requestId: 'req-12345678',
  ip: '127.0.0.1',
  details: { fields: ['role', 'active'], role: 'admin' },
};

describe('audit chain', () => {
  it('has a genesis hash of 64 zeros', () => {
    expect(AUDIT_GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('builds the payload from every field but seq and hash, with explicit nulls and ISO time', () => {
    const payload = canonicalAuditPayload({
      ...row,
      actorId: null,
      entityType: null,
      entityId: null,
      requestId: null,
      ip: null,
      prevHash: AUDIT_GENESIS_HASH,
    });
    expect(payload).toEqual({
      id: row.id,
      at: '2025-03-01T10:20:30.456Z',
      actorType: 'user',
      actorId: null,
      action: 'user.update',
      entityType: null,
      entityId: null,
      requestId: null,
      ip: null,
      details: row.details,
      prevHash: AUDIT_GENESIS_HASH,
    });
    expect(payload).not.toHaveProperty('seq');
    expect(payload).not.toHaveProperty('hash');
  });

  it('hashes prevHash followed by the RFC 8785 canonical JSON', () => {
    const prev = 'a'.repeat(64);
    const canonical =
      '{"action":"user.update","actorId":"0190e5a0-0000-7abc-8def-0123456789ab","actorType":"user",' +
      '"at":"2025-03-01T10:20:30.456Z","details":{"fields":["role","active"],"role":"admin"},' +
      '"entityId":"0190e5a0-1111-7abc-8def-0123456789ab","entityType":"user",' +
      '"id":"0190e5a0-1234-7abc-8def-0123456789ab","ip":"127.0.0.1","prevHash":"' +
      prev +
      '","requestId":"req-12345678"}';
    const expected = createHash('sha256')
      .update(prev + canonical)
      .digest('hex');
    expect(computeAuditHash(prev, row)).toBe(expected);
    expect(computeAuditHash(prev, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across key order and Date vs ISO string for at', () => {
    const reordered: AuditHashInput = {
      details: { role: 'admin', fields: ['role', 'active'] },
      ip: row.ip,
      requestId: row.requestId,
      entityId: row.entityId,
      entityType: row.entityType,
      action: row.action,
      actorId: row.actorId,
      actorType: row.actorType,
      at: '2025-03-01T10:20:30.456Z',
      id: row.id,
    };
    expect(computeAuditHash(AUDIT_GENESIS_HASH, reordered)).toBe(computeAuditHash(AUDIT_GENESIS_HASH, row));
  });

  it('changes with any field, with the details and with prevHash', () => {
    const base = computeAuditHash(AUDIT_GENESIS_HASH, row);
    expect(computeAuditHash('b'.repeat(64), row)).not.toBe(base);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...row, action: 'user.create' })).not.toBe(base);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...row, at: new Date('2025-03-01T10:20:30.457Z') })).not.toBe(base);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...row, ip: null })).not.toBe(base);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...row, details: { fields: ['role'], role: 'admin' } })).not.toBe(
      base,
    );
  });

  it('does not confuse a null field with an empty string', () => {
    expect(computeAuditHash(AUDIT_GENESIS_HASH, { ...row, entityId: null })).not.toBe(
      computeAuditHash(AUDIT_GENESIS_HASH, { ...row, entityId: '' }),
    );
  });

  it('rejects an invalid timestamp', () => {
    expect(() => computeAuditHash(AUDIT_GENESIS_HASH, { ...row, at: 'not a date' })).toThrow(TypeError);
  });

  describe('normaliseAuditDetails', () => {
    it('returns what jsonb reads back', () => {
      expect(normaliseAuditDetails(undefined)).toEqual({});
      expect(normaliseAuditDetails(null)).toEqual({});
      expect(normaliseAuditDetails({ a: undefined, b: 1, at: new Date('2025-01-01T00:00:00.000Z'), n: NaN })).toEqual({
        b: 1,
        at: '2025-01-01T00:00:00.000Z',
        n: null,
      });
    });

    it('accepts only JSON objects that jsonb and RFC 8785 can hold', () => {
      expect(() => normaliseAuditDetails(['a'])).toThrow(TypeError);
      expect(() => normaliseAuditDetails('text')).toThrow(TypeError);
      expect(() => normaliseAuditDetails({ a: 'x\u0000y' })).toThrow(/NUL/);
      expect(() => normaliseAuditDetails({ a: '\ud800' })).toThrow();
    });
  });

  describe('cursor', () => {
    it('round-trips a seq', () => {
      expect(decodeAuditCursor(encodeAuditCursor('12345'))).toBe('12345');
      expect(decodeAuditCursor(encodeAuditCursor('9223372036854775807'))).toBe('9223372036854775807');
    });

    it('rejects what is not one of ours', () => {
      expect(decodeAuditCursor('')).toBeNull();
      expect(decodeAuditCursor('!!')).toBeNull();
      expect(decodeAuditCursor(encodeAuditCursor('0'))).toBeNull();
      expect(decodeAuditCursor(encodeAuditCursor('-1'))).toBeNull();
      expect(decodeAuditCursor(encodeAuditCursor('1; DROP TABLE'))).toBeNull();
      expect(decodeAuditCursor(encodeAuditCursor('9223372036854775808'))).toBeNull();
    });
  });
});

const masterKey = randomBytes(32);
const keys = AuditKeys.fromMasterKey(masterKey);
const chainKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mc:audit-chain:v2', 32));
const checkpointKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mc:audit-checkpoint:v1', 32));

describe('keyed audit chain (version 2)', () => {
  it('is HMAC-SHA256 under the HKDF chain key of a prefixed version-1 input', () => {
    const prev = 'a'.repeat(64);
    const canonical = JSON.stringify(
      Object.fromEntries(
        Object.entries(canonicalAuditPayload({ ...row, prevHash: prev })).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    );
    const expected = createHmac('sha256', chainKey)
      .update('mc:audit-row:v2\n' + prev + canonical)
      .digest('hex');
    expect(computeAuditHmac(chainKey, prev, row)).toBe(expected);
    expect(keys.rowMac(prev, row)).toBe(expected);
  });

  it('needs the key: another master key, or the unkeyed function, gives another hash', () => {
    const mac = keys.rowMac(AUDIT_GENESIS_HASH, row);
    expect(AuditKeys.fromMasterKey(randomBytes(32)).rowMac(AUDIT_GENESIS_HASH, row)).not.toBe(mac);
    expect(computeAuditHash(AUDIT_GENESIS_HASH, row)).not.toBe(mac);
    expect(AuditKeys.fromMasterKey(Buffer.from(masterKey)).rowMac(AUDIT_GENESIS_HASH, row)).toBe(mac);
  });

  it('derives separate keys for rows and checkpoints, never the master key itself', () => {
    expect(chainKey.equals(checkpointKey)).toBe(false);
    expect(chainKey.equals(masterKey)).toBe(false);
    const cp = { id: row.id, at: row.at, headSeq: '7', headId: row.id, headHash: 'b'.repeat(64), rowCount: '7' };
    expect(keys.signCheckpoint(cp)).toBe(checkpointMac(checkpointKey, cp));
    expect(keys.signCheckpoint(cp)).not.toBe(checkpointMac(chainKey, cp));
  });

  it('signs every checkpoint field', () => {
    const cp = { id: row.id, at: row.at, headSeq: '7', headId: row.id, headHash: 'b'.repeat(64), rowCount: '7' };
    const signature = keys.signCheckpoint(cp);
    expect(keys.checkpointSignatureValid(cp, signature)).toBe(true);
    expect(keys.checkpointSignatureValid({ ...cp, at: row.at.toISOString() }, signature)).toBe(true);
    for (const edit of [
      { rowCount: '6' },
      { headSeq: '6' },
      { headHash: 'c'.repeat(64) },
      { headId: null },
      { at: new Date(row.at.getTime() + 1) },
    ]) {
      expect(keys.checkpointSignatureValid({ ...cp, ...edit }, signature)).toBe(false);
    }
    expect(keys.checkpointSignatureValid(cp, 'short')).toBe(false);
  });

  it('refuses a master key that is not 32 bytes, and never prints a key', () => {
    expect(() => AuditKeys.fromMasterKey(Buffer.alloc(16))).toThrow(/master key must be 32 bytes/);
    expect(JSON.stringify({ keys })).toBe('{"keys":"AuditKeys"}');
    expect(inspect(keys)).toBe('AuditKeys {}');
  });
});

/** A valid chain: `legacy` version-1 rows, then version-2 rows. */
function buildChain(length: number, legacy = 0): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prevHash = AUDIT_GENESIS_HASH;
  for (let i = 0; i < length; i++) {
    const input = { ...row, id: `0190e5a0-1234-7abc-8def-${String(i).padStart(12, '0')}`, details: { i } };
    const chainVersion = i < legacy ? AUDIT_CHAIN_V1 : AUDIT_CHAIN_V2;
    const hash = chainVersion === AUDIT_CHAIN_V1 ? computeAuditHash(prevHash, input) : keys.rowMac(prevHash, input);
    rows.push({ ...input, seq: String(i + 1), chainVersion, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

function checkpointOf(rows: AuditChainRow[], headIndex: number, signWith = keys): AuditStoredCheckpoint {
  const head = rows[headIndex]!;
  const cp = {
    id: '0190e5a0-9999-7abc-8def-0123456789ab',
    at: new Date('2025-03-01T11:00:00.000Z'),
    headSeq: head.seq,
    headId: head.id,
    headHash: head.hash,
    rowCount: String(headIndex + 1),
  };
  return { ...cp, signature: signWith.signCheckpoint(cp) };
}

function walk(rows: AuditChainRow[], checkpoint: AuditStoredCheckpoint | null = null) {
  const walker = new AuditChainWalker(keys, checkpoint);
  for (const r of rows) if (!walker.feed(r)) break;
  return walker.result();
}

/** Rewrites row `index` and recomputes its hash and every later one with the old, unkeyed function. */
function rewriteWithUnkeyedHash(rows: AuditChainRow[], index: number, relabel: boolean): AuditChainRow[] {
  const out = rows.map((r) => ({ ...r }));
  out[index] = { ...out[index]!, details: { i: 99 } };
  for (let i = index; i < out.length; i++) {
    const prevHash = i === 0 ? AUDIT_GENESIS_HASH : out[i - 1]!.hash;
    const chainVersion = relabel ? AUDIT_CHAIN_V1 : out[i]!.chainVersion;
    out[i] = { ...out[i]!, prevHash, chainVersion, hash: computeAuditHash(prevHash, out[i]!) };
  }
  return out;
}

describe('AuditChainWalker', () => {
  it('accepts an empty chain, a keyed chain, and legacy rows followed by keyed rows', () => {
    expect(walk([])).toEqual({ ok: true, checked: 0, firstBrokenId: null, problem: null, legacyRows: 0 });
    expect(walk(buildChain(5))).toEqual({ ok: true, checked: 5, firstBrokenId: null, problem: null, legacyRows: 0 });
    const mixed = buildChain(6, 3);
    expect(walk(mixed)).toEqual({ ok: true, checked: 6, firstBrokenId: null, problem: null, legacyRows: 3 });
    expect(walk(buildChain(4, 4))).toMatchObject({ ok: true, legacyRows: 4 });
    expect(walk(mixed, checkpointOf(mixed, 4))).toMatchObject({ ok: true, checked: 6 });
  });

  it('catches an edited keyed row rehashed with the old unkeyed function', () => {
    const rows = buildChain(5);
    expect(walk(rewriteWithUnkeyedHash(rows, 2, false))).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenId: rows[2]!.id,
      problem: 'hash-mismatch',
    });
  });

  it('catches keyed rows relabelled as legacy (a downgrade) after a keyed row', () => {
    const rows = buildChain(5);
    expect(walk(rewriteWithUnkeyedHash(rows, 2, true))).toMatchObject({
      ok: false,
      firstBrokenId: rows[2]!.id,
      problem: 'bad-version',
    });
    expect(walk(rows.map((r, i) => (i === 3 ? { ...r, chainVersion: 3 } : r)))).toMatchObject({
      ok: false,
      firstBrokenId: rows[3]!.id,
      problem: 'bad-version',
    });
  });

  it('catches a whole chain rewritten as legacy rows when a checkpoint exists', () => {
    const rows = buildChain(5);
    expect(walk(rewriteWithUnkeyedHash(rows, 0, true), checkpointOf(rows, 3))).toMatchObject({
      ok: false,
      firstBrokenId: rows[3]!.id,
      problem: 'rewritten',
    });
  });

  it('catches an edited legacy row even without a checkpoint, once a keyed row follows', () => {
    const rows = buildChain(5, 2);
    const forged = rewriteWithUnkeyedHash(rows, 0, false).slice(0, 2).concat(rows.slice(2));
    expect(walk(forged)).toMatchObject({ ok: false, firstBrokenId: rows[2]!.id, problem: 'broken-link' });
  });

  it('reports rows cut off before the newest checkpoint as truncated', () => {
    const rows = buildChain(6);
    const checkpoint = checkpointOf(rows, 4);
    expect(walk(rows.slice(0, 5), checkpoint)).toMatchObject({ ok: true, checked: 5 });
    expect(walk(rows.slice(0, 4), checkpoint)).toEqual({
      ok: false,
      checked: 4,
      firstBrokenId: null,
      problem: 'truncated',
      legacyRows: 0,
    });
    expect(walk([], checkpoint)).toMatchObject({ ok: false, checked: 0, problem: 'truncated' });
  });

  it('reports a checkpoint head replaced by other rows as rewritten', () => {
    const rows = buildChain(6);
    const checkpoint = checkpointOf(rows, 3);
    const other = buildChain(6).map((r, i) => (i >= 3 ? { ...r, seq: String(i + 10) } : r));
    // Same first rows, then the head row and later ones gone, other rows with higher seqs instead.
    expect(walk([...rows.slice(0, 3), ...other.slice(3)], checkpoint)).toMatchObject({
      ok: false,
      problem: 'rewritten',
      firstBrokenId: other[3]!.id,
    });
  });

  it('refuses a checkpoint that is not signed with our key', () => {
    const rows = buildChain(3);
    const forged = checkpointOf(rows, 1, AuditKeys.fromMasterKey(randomBytes(32)));
    expect(walk(rows, forged)).toMatchObject({
      ok: false,
      checked: 0,
      problem: 'checkpoint-forged',
      firstBrokenId: null,
    });
    const edited = { ...checkpointOf(rows, 2), rowCount: '2' };
    expect(walk(rows, edited)).toMatchObject({ ok: false, problem: 'checkpoint-forged' });
  });

  it('reports broken links and sub-millisecond timestamps at the row', () => {
    const rows = buildChain(5);
    expect(walk([...rows.slice(0, 2), ...rows.slice(3)])).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenId: rows[3]!.id,
      problem: 'broken-link',
    });
    expect(walk(rows.map((r, i) => (i === 1 ? { ...r, subMillisecond: true } : r)))).toMatchObject({
      ok: false,
      firstBrokenId: rows[1]!.id,
      problem: 'hash-mismatch',
    });
  });
});
