import { createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MasterKeyring, masterKeyId } from './master-keyring.js';

describe('MasterKeyring', () => {
  it('names keys by a prefixed SHA-256, 16 hex chars, never the key', () => {
    const key = randomBytes(32);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('mc-master-key-id:'), key]))
      .digest('hex')
      .slice(0, 16);
    expect(masterKeyId(key)).toBe(expected);
    expect(masterKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(randomBytes(32))).not.toBe(expected);
  });

  it('holds the current key and older ones, current first, duplicates once', () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const ring = MasterKeyring.fromConfig({ masterKey: current, previousMasterKeys: [old, current, old] });
    expect(ring.currentKeyId).toBe(masterKeyId(current));
    expect(ring.keyIds).toEqual([masterKeyId(current), masterKeyId(old)]);
    expect(ring.isCurrent(masterKeyId(old))).toBe(false);
    expect(ring.has(masterKeyId(old))).toBe(true);
    expect(ring.find(masterKeyId(old))).toEqual(old);
    expect(ring.find('0000000000000000')).toBeUndefined();
    expect(ring.currentKey()).toEqual(current);
  });

  it('copies keys, so a caller wiping its buffer does not change the keyring', () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    const ring = MasterKeyring.fromConfig({ masterKey: key });
    key.fill(0);
    expect(ring.currentKey()).toEqual(copy);
  });

  it('rejects keys that are not 32 bytes without echoing them', () => {
    expect(() => MasterKeyring.fromConfig({ masterKey: Buffer.from('short-secret') })).toThrow(
      'master key must be 32 bytes',
    );
  });

  it('does not print keys when logged or serialised', () => {
    const key = randomBytes(32);
    const ring = MasterKeyring.fromConfig({ masterKey: key });
    for (const text of [JSON.stringify(ring), inspect(ring, { showHidden: true, depth: 5 })]) {
      expect(text).toContain(ring.currentKeyId);
      expect(text).not.toContain(key.toString('hex'));
      expect(text).not.toContain(key.toString('base64'));
    }
  });
});
