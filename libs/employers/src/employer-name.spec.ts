import { describe, expect, it } from 'vitest';
import { normaliseEmployerName, normaliseRegistryNumber } from './employer-name.js';

/** pg_trgm's similarity(): trigrams per word, padded with two spaces in front and one behind. */
function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}
function similarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  const common = [...ta].filter((t) => tb.has(t)).length;
  return common / (ta.size + tb.size - common);
}

describe('normaliseEmployerName', () => {
  it('makes the Cyrillic and the Latin spelling of a name the same string', () => {
    expect(normaliseEmployerName('Строймонтаж')).toBe(normaliseEmployerName('Stroymontazh GmbH'));
    expect(normaliseEmployerName('ООО «Строймонтаж»')).toBe(normaliseEmployerName('Stroymontazh'));
  });

  it('lets the spellings of й (y, i, j) and ж (zh, ž, ż) converge', () => {
    const expected = normaliseEmployerName('Строймонтаж');
    for (const spelling of ['Stroimontazh', 'Strojmontaž s.r.o.', 'Strojmontaż Sp. z o.o.', 'STROYMONTAZH']) {
      expect(normaliseEmployerName(spelling)).toBe(expected);
    }
  });

  it('keeps a one-letter typo similar enough for the trigram index', () => {
    expect(
      similarity(normaliseEmployerName('Stroymontash'), normaliseEmployerName('Stroymontazh GmbH')),
    ).toBeGreaterThan(0.5);
  });

  it('removes German legal forms', () => {
    expect(normaliseEmployerName('Müller Straßenbau GmbH & Co. KG')).toBe('muller strassenbau');
    expect(normaliseEmployerName('Schmidt Bau GmbH')).toBe('schmidt bau');
    expect(normaliseEmployerName('Schmidt Bau AG')).toBe('schmidt bau');
    expect(normaliseEmployerName('Reinigung Kaya UG (haftungsbeschränkt)')).toBe('reinigung kaia');
    expect(normaliseEmployerName('Hans Meier e.K.')).toBe('hans meier');
    expect(normaliseEmployerName('Tafel Düsseldorf e. V.')).toBe('tafel dusseldorf');
    expect(normaliseEmployerName('Logistik Service mbH')).toBe('logistik service');
    expect(normaliseEmployerName('Gebr. Wolf OHG')).toBe('gebr wolf');
  });

  it('removes Polish legal forms and diacritics', () => {
    expect(normaliseEmployerName('Łódzka Budowa Sp. z o.o.')).toBe('lodzka budowa');
    expect(normaliseEmployerName('Przewozy Kowalski sp. j.')).toBe('przewozi kowalski');
    expect(normaliseEmployerName('Żabka Polska S.A.')).toBe('zabka polska');
  });

  it('removes French legal forms', () => {
    expect(normaliseEmployerName('Société Générale du Bâtiment SARL')).toBe('societe generale du batiment');
    expect(normaliseEmployerName('Nettoyage Île-de-France SAS')).toBe('nettoiage ile de france');
    expect(normaliseEmployerName('Transports Lefèvre EURL')).toBe('transports lefevre');
    expect(normaliseEmployerName('Agence Intérim SASU')).toBe('agence interim');
    expect(normaliseEmployerName('Bâti Sud S. A.')).toBe('bati sud');
  });

  it('removes Dutch legal forms', () => {
    expect(normaliseEmployerName('Uitzendbureau De Vries B.V.')).toBe('uitzendbureau de vries');
    expect(normaliseEmployerName('Kas Westland BV')).toBe('kas westland');
    expect(normaliseEmployerName('Bloemen Holland N.V.')).toBe('bloemen holland');
    expect(normaliseEmployerName('Jansen en Zonen V.O.F.')).toBe('iansen en zonen');
  });

  it('removes Czech legal forms', () => {
    expect(normaliseEmployerName('Stavby Dvořák s.r.o.')).toBe('stavbi dvorak');
    expect(normaliseEmployerName('Škoda Auto a.s.')).toBe('skoda auto');
    expect(normaliseEmployerName('Novák a spol. k.s.')).toBe('novak a spol');
  });

  it('removes Lithuanian and Balkan legal forms', () => {
    expect(normaliseEmployerName('Žalgirio statyba UAB')).toBe('zalgirio statiba');
    expect(normaliseEmployerName('MB Šiaulių darbai')).toBe('siauliu darbai');
    expect(normaliseEmployerName('Gradnja d.o.o.')).toBe('gradnia');
  });

  it('removes Cyrillic legal forms before and after transliteration', () => {
    expect(normaliseEmployerName('ТОВ «Будівельник»')).toBe(normaliseEmployerName('Budivelnik'));
    expect(normaliseEmployerName('TOV Budivelnik')).toBe(normaliseEmployerName('Будівельник'));
    expect(normaliseEmployerName('ИП Иванов')).toBe(normaliseEmployerName('Ivanov'));
    expect(normaliseEmployerName('ЗАО "Вектор"')).toBe('vektor');
    expect(normaliseEmployerName('ОАО Вектор')).toBe('vektor');
    expect(normaliseEmployerName('ПАО Вектор')).toBe('vektor');
    expect(normaliseEmployerName('АО „Вектор“')).toBe('vektor');
    expect(normaliseEmployerName('OOO Vektor')).toBe('vektor');
  });

  it('removes English legal forms', () => {
    expect(normaliseEmployerName('Acme Staffing Ltd.')).toBe('acme staffing');
    expect(normaliseEmployerName('Acme Staffing LLC')).toBe('acme staffing');
    expect(normaliseEmployerName('Acme Staffing, Inc.')).toBe('acme staffing');
  });

  it('removes short ambiguous forms only at the edges of a name', () => {
    expect(normaliseEmployerName('Work As One Ltd')).toBe('work as one');
    expect(normaliseEmployerName('Volvo AB')).toBe('volvo');
  });

  it('keeps a name that is nothing but a legal form', () => {
    expect(normaliseEmployerName('AB')).toBe('ab');
    expect(normaliseEmployerName('GmbH')).toBe('gmbh');
  });

  it('applies NFKC, drops quotes and punctuation and collapses spaces', () => {
    expect(normaliseEmployerName('  ﬁrma   „Nord“ -- Süd!  ')).toBe('firma nord sud');
    expect(normaliseEmployerName('«»')).toBe('');
  });

  it('leaves word order to pg_trgm, whose trigrams are per word', () => {
    expect(similarity(normaliseEmployerName('Bau Schmidt'), normaliseEmployerName('Schmidt Bau GmbH'))).toBe(1);
  });

  it('transliterates other scripts too', () => {
    expect(normaliseEmployerName('Θεσσαλονίκη Κατασκευές')).toBe('thessaloniki kataskeies');
  });
});

describe('normaliseRegistryNumber', () => {
  it('upper-cases and removes spaces, dots, dashes and slashes', () => {
    expect(normaliseRegistryNumber('HRB 12345')).toBe('HRB12345');
    expect(normaliseRegistryNumber('hrb-12.345')).toBe('HRB12345');
    expect(normaliseRegistryNumber('KRS 0000/123 456')).toBe('KRS0000123456');
    expect(normaliseRegistryNumber('552 120 222 00013')).toBe('55212022200013');
  });

  it('answers null for nothing', () => {
    expect(normaliseRegistryNumber(null)).toBeNull();
    expect(normaliseRegistryNumber(undefined)).toBeNull();
    expect(normaliseRegistryNumber(' - . ')).toBeNull();
  });
});
