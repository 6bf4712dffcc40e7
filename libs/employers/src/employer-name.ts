import { transliterate } from 'transliteration';

/*
 * The normal form of an employer's name that fuzzy search and duplicate detection compare with
 * pg_trgm. Workers write the same company as `ООО «Строймонтаж»`, `Stroymontazh GmbH`,
 * `Strojmontaż sp. z o.o.`: the normal form removes what differs only in writing (script,
 * case, diacritics, punctuation, legal form) so that the trigram similarity measures the name.
 */

/**
 * Legal forms as token sequences after dots are dropped and punctuation became spaces
 * (`Sp. z o.o.` → `sp z oo`, `GmbH & Co. KG` → `gmbh co kg`). Cyrillic forms are matched after
 * transliteration (`ООО` → `ooo`, `ТОВ` → `tov`), so both spellings are covered by one entry.
 */
const DISTINCTIVE_LEGAL_FORMS: readonly (readonly string[])[] = [
  ['gmbh', 'co', 'kg'],
  ['gmbh', 'co', 'ohg'],
  ['ag', 'co', 'kg'],
  ['ug', 'haftungsbeschrankt', 'co', 'kg'],
  ['ug', 'haftungsbeschrankt'],
  ['co', 'kg'],
  ['gmbh'],
  ['mbh'],
  ['ohg'],
  ['sp', 'z', 'oo'],
  ['spzoo'],
  ['sp', 'j'],
  ['spj'],
  ['sarl'],
  ['sasu'],
  ['eurl'],
  ['vof'],
  ['sro'],
  ['uab'],
  ['doo'],
  ['ltd'],
  ['llc'],
  ['inc'],
  ['ooo'],
  ['tov'],
  ['zao'],
  ['oao'],
  ['pao'],
];

/**
 * Short forms that are also ordinary words or initials (`as`, `ab`, `sa`, `ip`, `ag`): removed
 * only at the start or the end of a name, where a legal form stands, so `Work As One Ltd`
 * keeps its `as`.
 */
const EDGE_LEGAL_FORMS: readonly (readonly string[])[] = [
  ['ag'],
  ['kg'],
  ['ug'],
  ['ek'],
  ['ev'],
  ['sa'],
  ['sas'],
  ['bv'],
  ['nv'],
  ['as'],
  ['ks'],
  ['mb'],
  ['ab'],
  ['ip'],
  ['ao'],
];

const ALL_LEGAL_FORMS = [...DISTINCTIVE_LEGAL_FORMS, ...EDGE_LEGAL_FORMS].sort((a, b) => b.length - a.length);

function startsWithAt(tokens: readonly string[], at: number, form: readonly string[]): boolean {
  return form.every((part, i) => tokens[at + i] === part);
}

function removeDistinctive(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const form = DISTINCTIVE_LEGAL_FORMS.find((f) => startsWithAt(tokens, i, f));
    if (form) {
      i += form.length;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out;
}

function stripEdges(tokens: string[]): string[] {
  let changed = true;
  while (changed && tokens.length > 0) {
    changed = false;
    for (const form of ALL_LEGAL_FORMS) {
      if (form.length <= tokens.length && startsWithAt(tokens, 0, form)) {
        tokens = tokens.slice(form.length);
        changed = true;
        break;
      }
      const at = tokens.length - form.length;
      if (at >= 0 && startsWithAt(tokens, at, form)) {
        tokens = tokens.slice(0, at);
        changed = true;
        break;
      }
    }
  }
  return tokens;
}

/**
 * Spellings of the same Cyrillic sound that transliteration standards disagree on: `й` is `y`,
 * `i` or `j`; `я` is `ya`, `ia` or `ja`; `ж` is `zh`, `ž` or `ż`; `х` is `kh`, `h` or `ch`.
 * Folded the same way on both sides, `Stroymontazh`, `Stroimontazh` and `Strojmontaż` meet.
 */
function foldSpellingVariants(token: string): string {
  return token.replace(/kh/g, 'h').replace(/zh/g, 'z').replace(/[yj]/g, 'i');
}

/** Latin, lower case, no diacritics, punctuation as spaces (dots inside abbreviations dropped). */
function toPlainTokens(name: string): string[] {
  let text = name.normalize('NFKC');
  // Quotes go before transliteration, which would turn « » into `<<` `>>`.
  text = text.replace(/[«»„“”‟"'‘’‚‛`´]/g, '');
  text = transliterate(text);
  text = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  // `S. A.` → `S.A.`: single letters with dots are one abbreviation, however they are spaced.
  text = text.replace(/\b(\p{L})\.\s+(?=\p{L}\.)/gu, '$1.');
  text = text.replace(/\./g, '');
  text = text.replace(/[^\p{L}\p{N}]+/gu, ' ');
  return text.split(' ').filter((t) => t.length > 0);
}

/**
 * The normal form stored in `search_name` and compared by pg_trgm. Word order is left as
 * written: pg_trgm extracts trigrams per word, so `Bau Schmidt` and `Schmidt Bau` already
 * have the same trigram set. A name that is nothing but a legal form keeps it (`AB` stays
 * `ab`), so no name normalises to an empty string unless it has no letters or digits at all.
 */
export function normaliseEmployerName(name: string): string {
  const tokens = toPlainTokens(name);
  const stripped = stripEdges(removeDistinctive(tokens));
  const kept = stripped.length > 0 ? stripped : tokens;
  return kept.map(foldSpellingVariants).join(' ');
}

/** `HRB 12345`, `hrb-12345`, `HRB/12345` → `HRB12345`. Empty after cleaning → null. */
export function normaliseRegistryNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const normal = value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s./\\\-‐‑‒–—_]+/g, '');
  return normal.length > 0 ? normal : null;
}
