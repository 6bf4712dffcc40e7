import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError } from './errors.js';
import {
  decryptField,
  decryptJson,
  decryptOptional,
  encryptField,
  encryptJson,
  encryptOptional,
  isEncryptedField,
} from './field-cipher.js';

const key = randomBytes(32);
const cell = { table: 'migrant_workers', column: 'full_name', rowId: '0b6f3c1e-9d1a-4c55-9a57-2f0c2a3e4b10' };

function flipChar(value: string, index: number): string {
  const c = value[index]!;
  return value.slice(0, index) + (c === 'A' ? 'B' : 'A') + value.slice(index + 1);
}

describe('field cipher', () => {
  it.each(['Іван Петренко', 'Алёна Шевчук-Иванова', 'مريم العلي', 'Zoë 👩🏽‍🔧 🇺🇦', '', 'x'.repeat(10_000)])(
    'round-trips %#',
    (plaintext) => {
      const value = encryptField(key, plaintext, cell);
      expect(isEncryptedField(value)).toBe(true);
      expect(value).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
      expect(decryptField(key, value, cell)).toBe(plaintext);
    },
  );

  it('uses a fresh IV each time', () => {
    expect(encryptField(key, 'same', cell)).not.toBe(encryptField(key, 'same', cell));
  });

  it('does not contain the plaintext', () => {
    const value = encryptField(key, 'Ivan Petrenko', cell);
    expect(value).not.toContain('Ivan');
    expect(value).not.toContain(Buffer.from('Ivan Petrenko').toString('base64url').slice(0, 8));
  });

  it('fails when copied to another row, column or table', () => {
    const value = encryptField(key, 'Іван', cell);
    for (const other of [
      { ...cell, rowId: '0b6f3c1e-9d1a-4c55-9a57-2f0c2a3e4b11' },
      { ...cell, column: 'phone' },
      { ...cell, table: 'notes' },
    ]) {
      expect(() => decryptField(key, value, other)).toThrow(expect.objectContaining({ reason: 'authentication' }));
    }
  });

  it('fails on any changed character, with the wrong key, or when truncated', () => {
    const value = encryptField(key, 'Іван Петренко', cell);
    for (let i = 3; i < value.length; i++) {
      if (value[i] === '.') continue;
      expect(() => decryptField(key, flipChar(value, i), cell)).toThrow(DecryptionError);
    }
    expect(() => decryptField(randomBytes(32), value, cell)).toThrow(
      expect.objectContaining({ reason: 'authentication' }),
    );
    expect(() => decryptField(key, value.slice(0, -2), cell)).toThrow(DecryptionError);
  });

  it.each(['', 'plain text', 'v2.a.b.c', 'v1.a.b', 'v1.!!!.b.c', 'v1....', 'v1.AAAA.AAAA.AAAA.AAAA'])(
    'rejects a malformed value %j as a format error',
    (value) => {
      expect(() => decryptField(key, value, cell)).toThrow(expect.objectContaining({ reason: 'format' }));
    },
  );

  it('keeps plaintext and AAD out of the error', () => {
    const value = encryptField(key, 'Іван Петренко', cell);
    let error: unknown;
    try {
      decryptField(key, value, { ...cell, rowId: 'other-row' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DecryptionError);
    const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
    for (const secret of ['Іван', cell.rowId, 'other-row', 'migrant_workers', key.toString('hex')]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses ambiguous AAD parts and bad keys as programming errors', () => {
    expect(() => encryptField(key, 'x', { ...cell, table: 'a:b' })).toThrow(TypeError);
    expect(() => encryptField(key, 'x', { ...cell, rowId: '' })).toThrow(TypeError);
    expect(() => encryptField(randomBytes(16), 'x', cell)).toThrow(RangeError);
  });

  it('round-trips small JSON values', () => {
    const consent = { level: 'full', channels: ['telegram', 'phone'], note: 'Согласие 👍', at: '2026-01-05' };
    expect(decryptJson(key, encryptJson(key, consent, cell), cell)).toEqual(consent);
    expect(decryptJson(key, encryptJson(key, null, cell), cell)).toBeNull();
    expect(() => encryptJson(key, undefined, cell)).toThrow(TypeError);
    expect(() => decryptJson(key, encryptField(key, 'not json', cell), cell)).toThrow(DecryptionError);
  });

  it('keeps null as null and encrypts the empty string', () => {
    expect(encryptOptional(key, null, cell)).toBeNull();
    expect(encryptOptional(key, undefined, cell)).toBeNull();
    expect(decryptOptional(key, null, cell)).toBeNull();
    const empty = encryptOptional(key, '', cell);
    expect(empty).not.toBeNull();
    expect(decryptOptional(key, empty, cell)).toBe('');
    expect(decryptOptional(key, encryptOptional(key, 'Мария', cell), cell)).toBe('Мария');
  });
});
