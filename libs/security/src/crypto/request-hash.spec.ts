import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RequestHasher } from './request-hash.js';

describe('RequestHasher', () => {
  const hasher = new RequestHasher(randomBytes(32));

  it('is keyed: another master key gives another hash, and no plain SHA-256 of the body matches', () => {
    const body = Buffer.from('{"fullName":"Olena Kovalenko","phone":"+380501234567"}');
    const hash = hasher.hash('POST', '/api/v1/workers', body);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hasher.hash('POST', '/api/v1/workers', body));
    expect(hash).not.toBe(new RequestHasher(randomBytes(32)).hash('POST', '/api/v1/workers', body));
    expect(hash).not.toBe(createHash('sha256').update(body).digest('hex'));
    expect(hash).not.toBe(hasher.hash('POST', '/api/v1/employers', body));
  });

  it('names an anonymous caller by an HMAC of the address, not by a hash anyone can recompute', () => {
    const ip = '203.0.113.7';
    const name = hasher.anonymousCaller(ip);
    expect(name).toMatch(/^[0-9a-f]{32}$/);
    expect(name).not.toBe(createHash('sha256').update(ip).digest('hex').slice(0, 32));
    expect(hasher.anonymousCaller('203.0.113.8')).not.toBe(name);
  });

  it('never shows its key when logged or serialized', () => {
    expect(JSON.stringify({ hasher })).toBe('{"hasher":"RequestHasher"}');
  });
});
