import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BlindIndexer, normaliseEmail, normalisePhone, normaliseTelegram } from './blind-index.js';

const masterKey = randomBytes(32);
const indexer = new BlindIndexer(masterKey);

describe('normalisers', () => {
  it.each([
    ['+49 151 2345-678', '+491512345678'],
    ['0049151 2345678', '+491512345678'],
    ['(+49) 151/234.56.78', '+491512345678'],
    ['  +7 (912) 345-67-89 ', '+79123456789'],
    ['０１５１ ２３４５６７８', '01512345678'],
    ['+٤٩١٥١٢٣٤٥٦٧٨', '+491512345678'],
    ['0151 2345678', '01512345678'],
    ['', null],
    ['  - ( ) ', null],
    ['+', null],
  ])('phone %j → %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ['  Ivan.Petrov+work@Example.ORG ', 'ivan.petrov+work@example.org'],
    ['ОЛЕНА@пошта.укр', 'олена@пошта.укр'],
    ['   ', null],
  ])('email %j → %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    ['@Ivan_Petrov', 'ivan_petrov'],
    ['ivan_petrov', 'ivan_petrov'],
    ['https://t.me/Ivan_Petrov', 'ivan_petrov'],
    [' http://www.t.me/Ivan_Petrov/?start=1 ', 'ivan_petrov'],
    ['t.me/@Ivan_Petrov', 'ivan_petrov'],
    ['https://telegram.me/Ivan_Petrov', 'ivan_petrov'],
    ['@', null],
    ['https://t.me/', null],
  ])('telegram %j → %j', (input, expected) => {
    expect(normaliseTelegram(input)).toBe(expected);
  });

  it('passes null and undefined through', () => {
    for (const fn of [normalisePhone, normaliseEmail, normaliseTelegram]) {
      expect(fn(null)).toBeNull();
      expect(fn(undefined)).toBeNull();
    }
  });
});

describe('BlindIndexer', () => {
  it('is deterministic and 64 hex chars', () => {
    const a = indexer.phone('+49 151 2345-678');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(indexer.phone('+49 151 2345-678')).toBe(a);
    expect(new BlindIndexer(Buffer.from(masterKey)).phone('+49 151 2345-678')).toBe(a);
  });

  it('matches values that normalise the same', () => {
    expect(indexer.phone('+49 151 2345-678')).toBe(indexer.phone('0049151 2345678'));
    expect(indexer.email(' Ivan@Example.org')).toBe(indexer.email('ivan@example.org'));
    const handle = indexer.telegram('@Ivan_Petrov');
    expect(indexer.telegram('ivan_petrov')).toBe(handle);
    expect(indexer.telegram('https://t.me/Ivan_Petrov')).toBe(handle);
  });

  it('differs for different values', () => {
    expect(indexer.phone('+491512345678')).not.toBe(indexer.phone('+491512345679'));
    expect(indexer.email('ivan.petrov@example.org')).not.toBe(indexer.email('ivanpetrov@example.org'));
  });

  it('differs by kind for the same text', () => {
    const text = 'ivan_petrov';
    expect(indexer.email(text)).not.toBe(indexer.telegram(text));
    expect(indexer.phone('+4915123')).not.toBe(indexer.telegram('+4915123'));
    expect(indexer.index('phone', '123')).not.toBe(indexer.index('email', '123'));
  });

  it('differs by master key', () => {
    expect(new BlindIndexer(randomBytes(32)).phone('+491512345678')).not.toBe(indexer.phone('+491512345678'));
  });

  it('keys the HMAC with a derived key, not the master key itself', () => {
    const withMaster = createHmac('sha256', masterKey).update('phone:+491512345678').digest('hex');
    expect(indexer.phone('+491512345678')).not.toBe(withMaster);
  });

  it('returns null for empty input', () => {
    expect(indexer.phone('')).toBeNull();
    expect(indexer.email('  ')).toBeNull();
    expect(indexer.telegram('@')).toBeNull();
    expect(indexer.telegram(null)).toBeNull();
  });

  it('does not print its key', () => {
    expect(inspect(indexer, { showHidden: true })).toBe('BlindIndexer {}');
    expect(JSON.stringify({ indexer })).toBe('{"indexer":"BlindIndexer"}');
  });
});
