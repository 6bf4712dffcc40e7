import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  canonicalAuditPayload,
  computeAuditHash,
  decodeAuditCursor,
  encodeAuditCursor,
  normaliseAuditDetails,
  type AuditHashInput,
} from './audit-chain.js';

const row: AuditHashInput = {
  id: '0190e5a0-1234-7abc-8def-0123456789ab',
  at: new Date('2025-03-01T10:20:30.456Z'),
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
