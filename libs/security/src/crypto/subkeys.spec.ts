import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSubkey, SUBKEY_PURPOSES, type SubkeyPurpose } from './subkeys.js';

describe('deriveSubkey', () => {
  const masterKey = randomBytes(32);

  it('gives each purpose a 32-byte key of its own, none equal to the master key', () => {
    const purposes = Object.keys(SUBKEY_PURPOSES) as SubkeyPurpose[];
    const labels = new Set(Object.values(SUBKEY_PURPOSES));
    expect(labels.size).toBe(purposes.length);
    const keys = new Set(purposes.map((p) => deriveSubkey(masterKey, p).toString('hex')));
    expect(keys.size).toBe(purposes.length);
    expect(keys.has(masterKey.toString('hex'))).toBe(false);
    for (const key of keys) expect(key).toHaveLength(64);
  });

  it('is HKDF-SHA256 under the stored label, so keys stay what stored data was made with', () => {
    const expected = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mc:blind-index:v1', 32));
    expect(deriveSubkey(masterKey, 'blindIndex').equals(expected)).toBe(true);
  });

  it('refuses a master key of the wrong length', () => {
    expect(() => deriveSubkey(Buffer.alloc(16), 'systemFields')).toThrow(/master key must be 32 bytes/);
  });
});
