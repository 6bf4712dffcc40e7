import { transliterate } from 'transliteration';

/*
 * Matching a typed name against a worker's stored names. Names are encrypted, so this runs in
 * the process over decrypted candidates, not in SQL. A caseworker types the name as they heard
 * it: in another script, without diacritics, surname first. So both sides are compared in
 * several spellings: as written and transliterated to Latin (`Тарас` ↔ `Taras`), each lower-
 * cased with diacritics stripped (`Müller` ↔ `muller`), and the query matches when every one of
 * its words occurs in one spelling of the name, in any order.
 */

const COMBINING_MARKS = /\p{M}/gu;
const APOSTROPHES = /['’ʼ`´]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Lower case, no diacritics, no apostrophes, words separated by one space. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** The distinct normalised spellings of a name: as written and transliterated to Latin. */
export function nameSpellings(value: string | null | undefined): string[] {
  if (value == null) return [];
  const spellings = new Set<string>();
  for (const form of [value, transliterate(value)]) {
    const normal = normaliseName(form);
    if (normal !== '') spellings.add(normal);
  }
  return [...spellings];
}

export interface NameCandidate {
  fullName: string | null;
  fullNameLatin: string | null;
}

/** A query prepared once and applied to many candidates. */
export class NameMatcher {
  /** Each spelling of the query as its words. */
  private readonly queries: string[][];

  constructor(query: string) {
    this.queries = nameSpellings(query)
      .map((spelling) => spelling.split(' '))
      .filter((words) => words.length > 0);
  }

  /** False for a query that has no letters or digits: it would match everyone. */
  get usable(): boolean {
    return this.queries.length > 0;
  }

  matches(candidate: NameCandidate): boolean {
    if (!this.usable) return false;
    const names = [...nameSpellings(candidate.fullName), ...nameSpellings(candidate.fullNameLatin)];
    return this.queries.some((words) => names.some((name) => words.every((word) => name.includes(word))));
  }
}
