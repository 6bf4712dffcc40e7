import { InvalidCursorError } from '@mc/database';
import { describe, expect, it } from 'vitest';
import { classifyWorkerSearch, decodeWorkerCursor, encodeWorkerCursor } from './worker-query.js';

describe('classifyWorkerSearch', () => {
  it('treats an empty or blank q as no search', () => {
    expect(classifyWorkerSearch(undefined)).toEqual({ kind: 'none' });
    expect(classifyWorkerSearch('   ')).toEqual({ kind: 'none' });
  });

  it('recognises phone numbers in any usual spelling', () => {
    for (const q of ['+491512345678', '+49 151 2345678', '0049 (151) 234-5678', '01512345678']) {
      expect(classifyWorkerSearch(q)).toMatchObject({ kind: 'contact', field: 'phone' });
    }
  });

  it('recognises an email address', () => {
    expect(classifyWorkerSearch('Taras@Example.org')).toEqual({
      kind: 'contact',
      field: 'email',
      value: 'Taras@Example.org',
    });
  });

  it('recognises a Telegram handle and a t.me link', () => {
    expect(classifyWorkerSearch('@taras_sh')).toMatchObject({ kind: 'contact', field: 'telegram' });
    expect(classifyWorkerSearch('https://t.me/taras_sh')).toMatchObject({ kind: 'contact', field: 'telegram' });
  });

  it('treats everything else as a name', () => {
    expect(classifyWorkerSearch('Тарас Шевченко')).toEqual({ kind: 'name', text: 'Тарас Шевченко' });
    expect(classifyWorkerSearch('O’Brien')).toMatchObject({ kind: 'name' });
  });

  it('does not take a short number for a phone', () => {
    expect(classifyWorkerSearch('123')).toMatchObject({ kind: 'name' });
  });
});

describe('worker cursors', () => {
  it('round-trips an id', () => {
    const id = '01970000-0000-7000-8000-000000000001';
    expect(decodeWorkerCursor(encodeWorkerCursor(id))).toBe(id);
  });

  it('refuses a cursor that is not ours', () => {
    expect(() => decodeWorkerCursor('not-a-cursor')).toThrow(InvalidCursorError);
    expect(() => decodeWorkerCursor(Buffer.from('{"a":"x"}').toString('base64url'))).toThrow(InvalidCursorError);
  });
});
