import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WRAPPED_DATA_KEY_BYTES, generateDataKey, rewrapDataKey, unwrapDataKey } from './data-keys.js';
import { DecryptionError } from './errors.js';
import { MasterKeyring } from './master-keyring.js';

const ring = MasterKeyring.fromConfig({ masterKey: randomBytes(32) });

/** The error `fn` throws; fails the test when it throws nothing. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, and it returned');
}

describe('data keys', () => {
  it('generates a 32-byte key wrapped under the current master key, and unwraps it', () => {
    const ownerId = randomUUID();
    const dk = generateDataKey(ring, ownerId);
    expect(dk.key).toHaveLength(32);
    expect(dk.wrapped).toHaveLength(WRAPPED_DATA_KEY_BYTES);
    expect(dk.masterKeyId).toBe(ring.currentKeyId);
    expect(dk.wrapped.includes(dk.key)).toBe(false);
    expect(unwrapDataKey(ring, { wrapped: dk.wrapped, masterKeyId: dk.masterKeyId, ownerId })).toEqual(dk.key);
  });

  it('gives every owner a different key', () => {
    expect(generateDataKey(ring, 'a').key).not.toEqual(generateDataKey(ring, 'a').key);
  });

  it('does not unwrap a wrapped key copied to another owner', () => {
    const dk = generateDataKey(ring, 'worker-1');
    expect(() => unwrapDataKey(ring, { ...dk, ownerId: 'worker-2' })).toThrow(DecryptionError);
  });

  it('fails on a flipped byte anywhere, a wrong length, or a different master key', () => {
    const dk = generateDataKey(ring, 'w');
    for (let i = 0; i < dk.wrapped.length; i++) {
      const wrapped = Buffer.from(dk.wrapped);
      wrapped[i]! ^= 0x01;
      expect(() => unwrapDataKey(ring, { wrapped, masterKeyId: dk.masterKeyId, ownerId: 'w' })).toThrow(
        DecryptionError,
      );
    }
    expect(() => unwrapDataKey(ring, { ...dk, wrapped: dk.wrapped.subarray(1), ownerId: 'w' })).toThrow(
      expect.objectContaining({ reason: 'format' }),
    );
    const otherRing = MasterKeyring.fromConfig({ masterKey: randomBytes(32) });
    expect(() => unwrapDataKey(otherRing, { ...dk, ownerId: 'w' })).toThrow(
      expect.objectContaining({ reason: 'unknown-key' }),
    );
  });

  it('refuses an empty owner id', () => {
    expect(() => generateDataKey(ring, '')).toThrow(TypeError);
  });

  it('rotates: unwraps with an older master key in the keyring, rewraps under the current one', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = MasterKeyring.fromConfig({ masterKey: oldKey });
    const dk = generateDataKey(before, 'w');

    const during = MasterKeyring.fromConfig({ masterKey: newKey, previousMasterKeys: [oldKey] });
    expect(unwrapDataKey(during, { ...dk, ownerId: 'w' })).toEqual(dk.key);
    const rewrapped = rewrapDataKey(during, { ...dk, ownerId: 'w' });
    expect(rewrapped.masterKeyId).toBe(during.currentKeyId);
    expect(rewrapped.masterKeyId).not.toBe(dk.masterKeyId);

    const after = MasterKeyring.fromConfig({ masterKey: newKey });
    expect(unwrapDataKey(after, { ...rewrapped, ownerId: 'w' })).toEqual(dk.key);
    expect(() => unwrapDataKey(after, { ...dk, ownerId: 'w' })).toThrow(DecryptionError);
  });

  it('keeps key material out of error messages', () => {
    const dk = generateDataKey(ring, 'secret-owner');
    // Caught here, outside any assertion, so a call that does not throw fails the test.
    const error = thrown(() => unwrapDataKey(ring, { ...dk, ownerId: 'other-owner' }));
    expect(error).toBeInstanceOf(DecryptionError);
    const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
    expect(text).not.toContain('owner');
    expect(text).not.toContain(dk.key.toString('hex'));
    expect(text).not.toContain(dk.key.toString('base64'));
  });
});
