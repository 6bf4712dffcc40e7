import { describe, expect, it } from 'vitest';
import { NameMatcher, nameSpellings, normaliseName } from './worker-name-match.js';

const worker = (fullName: string, fullNameLatin: string | null = null) => ({ fullName, fullNameLatin });

describe('normaliseName', () => {
  it('lowercases, strips diacritics and punctuation, and collapses spaces', () => {
    expect(normaliseName('  Jürgen-Müller   O’Brien ')).toBe('jurgen muller obrien');
  });

  it('keeps Cyrillic letters', () => {
    expect(normaliseName('Тарас ШЕВЧЕНКО')).toBe('тарас шевченко');
  });
});

describe('nameSpellings', () => {
  it('adds the Latin transliteration of a Cyrillic name', () => {
    expect(nameSpellings('Тарас Шевченко')).toEqual(['тарас шевченко', 'taras shevchenko']);
  });

  it('gives one spelling for a plain Latin name', () => {
    expect(nameSpellings('Ivan Petrov')).toEqual(['ivan petrov']);
  });
});

describe('NameMatcher', () => {
  it('finds a Cyrillic name by a Cyrillic query in another case', () => {
    expect(new NameMatcher('шевченко').matches(worker('Тарас Шевченко'))).toBe(true);
  });

  it('finds a Cyrillic name by its Latin transliteration', () => {
    expect(new NameMatcher('Shevchenko').matches(worker('Тарас Шевченко'))).toBe(true);
  });

  it('finds a Latin name by a Cyrillic query', () => {
    expect(new NameMatcher('Петров').matches(worker('Ivan Petrov'))).toBe(true);
  });

  it('uses fullNameLatin for spellings transliteration would not produce', () => {
    const person = worker('Юрій Коваль', 'Yurii Koval');
    expect(new NameMatcher('yurii').matches(person)).toBe(true);
  });

  it('ignores word order and diacritics', () => {
    expect(new NameMatcher('muller jurgen').matches(worker('Jürgen Müller'))).toBe(true);
  });

  it('matches a part of a word, as a caseworker types it', () => {
    expect(new NameMatcher('shevch').matches(worker('Тарас Шевченко'))).toBe(true);
  });

  it('needs every word of the query', () => {
    expect(new NameMatcher('Taras Petrov').matches(worker('Тарас Шевченко'))).toBe(false);
  });

  it('does not match an unrelated name', () => {
    expect(new NameMatcher('Kowalski').matches(worker('Тарас Шевченко', 'Taras Shevchenko'))).toBe(false);
  });

  it('refuses a query without letters, which would match everyone', () => {
    const matcher = new NameMatcher(' -- ');
    expect(matcher.usable).toBe(false);
    expect(matcher.matches(worker('Тарас Шевченко'))).toBe(false);
  });
});
