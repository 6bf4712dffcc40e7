/*
 * Deterministic public intake submissions (api.md "Public intake", the JSON body of
 * POST /api/v1/public/intake) and the employers they name. The same seed gives the same
 * submissions; only the dismissal dates are relative to "today". Every submission is distinct
 * (its own phone number and name/employer mix) and passes `validateIntake`: the generator checks
 * that itself, so a bench request answered 400 is the API's doing, not the generator's.
 */
import { COMPLAINT_CATEGORIES } from '@mc/complaints';
import { normaliseEmployerName } from '@mc/employers';
import { isHoneypotFilled, validateIntake } from '@mc/intake';
import { copyRows } from './copy.mjs';
import { DAY_MS } from './seed.mjs';

/** Given and family names as people type them: Cyrillic for the CIS languages, Latin for the others. */
const NAMES = {
  cyrillic: {
    given: [
      'Алексей',
      'Ольга',
      'Дмитрий',
      'Наталья',
      'Сергей',
      'Оксана',
      'Тарас',
      'Айгуль',
      'Бахтияр',
      'Гульнара',
      'Фаррух',
      'Зарина',
      'Мирлан',
      'Дильноза',
      'Руслан',
      'Ірина',
      'Євген',
      'Юлія',
    ],
    family: [
      'Иванов',
      'Петренко',
      'Ковальчук',
      'Сидорова',
      'Шевченко',
      'Абдуллаев',
      'Турсунова',
      'Мамытов',
      'Рахимов',
      'Назарова',
      'Бондаренко',
      'Каримов',
      'Жумабаева',
      'Ткаченко',
      'Олійник',
      'Мельник',
    ],
  },
  latin: {
    given: [
      'Andrei',
      'Ioana',
      'Mihai',
      'Elena',
      'Piotr',
      'Agnieszka',
      'Tomasz',
      'Katarzyna',
      'Jamshid',
      'Dilnoza',
      'Oleksandr',
      'Maria',
      'Bogdan',
      'Ana',
      'Nodir',
      'Aliona',
      'Jean',
      'Fatima',
    ],
    family: [
      'Popescu',
      'Ionescu',
      'Nowak',
      'Kowalski',
      'Wiśniewska',
      'Yusupov',
      'Karimova',
      'Moldovan',
      'Rusu',
      'Zieliński',
      'Dumitru',
      'Tkachenko',
      'Ergashev',
      'Lewandowska',
      'Ciobanu',
      'Sokolova',
    ],
  },
};
const CYRILLIC_LANGUAGES = new Set(['ru', 'uk', 'ky', 'tg']);

/** Employer names: a stem, a place or trade word, a legal form (Latin and Cyrillic spellings). */
const EMPLOYER_STEMS = [
  'Stroymontazh',
  'Baltic Agro',
  'Fleischwerk',
  'Logistik Partner',
  'AgroFrukt',
  'Spargelhof',
  'CleanPro',
  'Nordbau',
  'Euro Personal',
  'Gemüsehof',
  'TransCargo',
  'Promhouse',
  'Polskie Szklarnie',
  'Work Express',
  'Holz & Dach',
  'Zeitarbeit Plus',
  'Rhein Montage',
  'Agroserwis',
  'BauTeam',
  'Meat Service',
  'Frische Kette',
  'Vistula Staff',
  'Seine Nettoyage',
  'Elbe Pflege',
  'Danube Transport',
  'Hanse Personal',
  'Green Harvest',
  'Südfrucht',
  'Metalform',
  'Montaż Serwis',
  'Bouwgroep',
  'Stavba Praha',
  'Kauno Statyba',
  'Beograd Gradnja',
  'PackLine',
  'Kühlhaus',
  'Westfalen Schlacht',
  'Obst & Co',
  'Mega Clean',
  'Fast Parcel',
];
const EMPLOYER_CYRILLIC_STEMS = [
  'Строймонтаж',
  'Агрофрукт',
  'Евро Персонал',
  'Транс Карго',
  'Промхаус',
  'Ворк Экспресс',
  'Балтик Агро',
  'Мит Сервис',
];
const EMPLOYER_PLACES = [
  'Nord',
  'Süd',
  'Ost',
  'West',
  'Berlin',
  'Hamburg',
  'Oldenburg',
  'Vechta',
  'Gütersloh',
  'Poznań',
  'Wrocław',
  'Łódź',
  'Lyon',
  'Lille',
  'Rotterdam',
  'Venlo',
  'Brno',
  'Plzeň',
  'Kaunas',
  'Vilnius',
  'Novi Sad',
  'International',
  'Service',
  'Logistics',
  'Group',
];
const LEGAL_FORM_BY_COUNTRY = {
  DE: ['GmbH', 'GmbH & Co. KG', 'UG (haftungsbeschränkt)', 'AG'],
  FR: ['SARL', 'SAS', 'EURL'],
  PL: ['Sp. z o.o.', 'sp.j.', 'S.A.'],
  NL: ['B.V.', 'V.O.F.'],
  CZ: ['s.r.o.', 'a.s.'],
  LT: ['UAB'],
  RS: ['d.o.o.'],
};
const CYRILLIC_FORMS = ['ООО', 'ТОВ'];
const CITIES = {
  DE: ['Berlin', 'Hamburg', 'München', 'Köln', 'Oldenburg', 'Vechta', 'Rheda-Wiedenbrück', 'Leipzig'],
  FR: ['Paris', 'Lyon', 'Lille', 'Marseille', 'Bordeaux'],
  PL: ['Warszawa', 'Poznań', 'Wrocław', 'Łódź', 'Gdańsk'],
  NL: ['Rotterdam', 'Venlo', 'Amsterdam', 'Westland'],
  CZ: ['Praha', 'Brno', 'Plzeň', 'Ostrava'],
  LT: ['Vilnius', 'Kaunas', 'Klaipėda'],
  RS: ['Beograd', 'Novi Sad', 'Niš'],
};
/** Where the submissions say they worked (most cases are in Germany and Poland). */
const COUNTRY_WEIGHTS = [
  ['DE', 40],
  ['PL', 20],
  ['NL', 10],
  ['FR', 10],
  ['CZ', 10],
  ['LT', 5],
  ['RS', 5],
];
const LANGUAGE_WEIGHTS = [
  ['ru', 25],
  ['uk', 25],
  ['ro', 10],
  ['pl', 5],
  ['en', 8],
  ['ky', 7],
  ['uz', 7],
  ['tg', 5],
  ['de', 4],
  ['fr', 4],
];
const CURRENCY_OF = { DE: 'EUR', FR: 'EUR', NL: 'EUR', LT: 'EUR', PL: 'PLN', CZ: 'CZK', RS: 'RSD' };
const PHONE_PREFIXES = ['+49 151', '+48 512', '+40 721', '+380 67', '+996 555', '+998 90', '+992 93', '+373 69'];

/** Sentences of a description, per script; a description is 1–12 of them. */
const SENTENCES = {
  cyrillic: [
    'Работодатель не заплатил за последние два месяца.',
    'Сверхурочные часы не оплачивались, мы работали по 12 часов.',
    'Паспорт забрали при приезде и не вернули.',
    'Договор на руки не выдали, обещали позже.',
    'Из зарплаты удержали деньги за жильё без объяснений.',
    'Меня уволили устно, после того как я заболел.',
    'Живём вдесятером в одной комнате, платим по 300 евро.',
    'Посредник взял 500 евро за трудоустройство.',
  ],
  latin: [
    'The employer has not paid the last two months of wages.',
    'Overtime was never paid although we worked twelve hours a day.',
    'Pracodawca zabrał paszport i nie chce go oddać.',
    'Nu am primit contractul de muncă în scris.',
    'From the wage they deducted money for housing without explanation.',
    'I was dismissed by phone after I fell ill.',
    'We live ten people in one room and pay 300 euro each.',
    'The agency took a fee of 500 euro for the job.',
  ],
};

function weighted(rng, pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [value, w] of pairs) {
    x -= w;
    if (x < 0) return value;
  }
  return pairs[pairs.length - 1][0];
}

/** `count` distinct employers `{ name, country, city }` (Latin names; a tenth also known in Cyrillic). */
export function employerCatalogue(rng, count) {
  const employers = [];
  const seen = new Set();
  for (let i = 0; employers.length < count; i++) {
    const country = weighted(rng, COUNTRY_WEIGHTS);
    const stem = EMPLOYER_STEMS[i % EMPLOYER_STEMS.length];
    const place = EMPLOYER_PLACES[Math.floor(i / EMPLOYER_STEMS.length) % EMPLOYER_PLACES.length];
    const form = rng.pick(LEGAL_FORM_BY_COUNTRY[country]);
    // Past stems × places, a branch number keeps names distinct (as real "Work Express 3 GmbH" do).
    const round = Math.floor(i / (EMPLOYER_STEMS.length * EMPLOYER_PLACES.length));
    const name = `${stem} ${place}${round > 0 ? ` ${round + 1}` : ''} ${form}`;
    if (seen.has(name)) continue;
    seen.add(name);
    employers.push({ name, country, city: rng.pick(CITIES[country]) });
  }
  return employers;
}

/** Seeds the catalogue into `employers` with COPY (search names as the app normalises them). */
export async function seedIntakeEmployers(pool, rng, employers) {
  await copyRows(
    pool,
    'employers',
    ['id', 'name', 'search_name', 'kind', 'country'],
    (function* () {
      for (const e of employers)
        yield [rng.uuid(), e.name, normaliseEmployerName(e.name), 'direct_employer', e.country];
    })(),
  );
}

/** One typo of the kind people make: a letter dropped, doubled or swapped with the next one. */
function misspell(rng, text) {
  const i = 1 + rng.int(Math.max(1, text.length - 2));
  switch (rng.int(3)) {
    case 0:
      return text.slice(0, i) + text.slice(i + 1);
    case 1:
      return text.slice(0, i) + text[i] + text.slice(i);
    default:
      return text.slice(0, i - 1) + text[i] + text[i - 1] + text.slice(i + 1);
  }
}

/** The employer as a worker writes it: the catalogue's name, misspelt, in Cyrillic, or a new one. */
function employerAsWritten(rng, catalogue, index) {
  const roll = rng.next();
  if (roll < 0.4 && catalogue.length > 0) return rng.pick(catalogue).name;
  if (roll < 0.65 && catalogue.length > 0)
    return misspell(rng, rng.pick(catalogue).name.split(' ').slice(0, -1).join(' '));
  if (roll < 0.8) return `${rng.pick(CYRILLIC_FORMS)} «${rng.pick(EMPLOYER_CYRILLIC_STEMS)}»`;
  // Nobody has complained about this one yet.
  return `${rng.pick(EMPLOYER_STEMS)} ${rng.pick(EMPLOYER_PLACES)} ${index}`;
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `count` valid, distinct submissions. About a third carry `dismissalNoticeReceived` (1–40 days
 * ago, so the deadline rules of the country give dates), with `unlawful_dismissal` among their
 * categories. `today` is `YYYY-MM-DD` (UTC) as the API sees it.
 */
export function intakeSubmissions(rng, count, { catalogue = [], today = isoDay(Date.now()), firstIndex = 0 } = {}) {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const out = [];
  for (let n = 0; n < count; n++) {
    const index = firstIndex + n;
    const language = weighted(rng, LANGUAGE_WEIGHTS);
    const script = CYRILLIC_LANGUAGES.has(language) || (language === 'uz' && rng.next() < 0.3) ? 'cyrillic' : 'latin';
    const names = NAMES[script];
    const country = weighted(rng, COUNTRY_WEIGHTS);
    // The index makes the phone unique; the spacing varies as people type it.
    const digits = String(1_000_000 + index).padStart(7, '0');
    const prefix = rng.pick(PHONE_PREFIXES);
    const contact = {};
    const contactRoll = rng.next();
    if (contactRoll < 0.7)
      contact.phone =
        rng.next() < 0.5 ? `${prefix} ${digits.slice(0, 3)} ${digits.slice(3)}` : `${prefix.replace(' ', '')}${digits}`;
    if (contactRoll > 0.5) contact.telegram = `@${script === 'cyrillic' ? 'worker' : 'user'}_${index}`;
    if (contactRoll > 0.85 || Object.keys(contact).length === 0) contact.email = `intake.${index}@example.org`;

    const dismissed = rng.next() < 0.35;
    const categories = new Set();
    if (dismissed) categories.add('unlawful_dismissal');
    const extra = 1 + rng.int(3);
    while (categories.size < extra + (dismissed ? 1 : 0)) categories.add(rng.pick(COMPLAINT_CATEGORIES));

    const sentences = SENTENCES[script];
    const description = Array.from({ length: 1 + rng.int(12) }, () => rng.pick(sentences)).join(' ');
    const submission = {
      language,
      name: `${rng.pick(names.given)} ${rng.pick(names.family)}`,
      contact,
      countryOfWork: country,
      city: rng.next() < 0.7 ? rng.pick(CITIES[country]) : undefined,
      employerName: employerAsWritten(rng, catalogue, index),
      employerCity: rng.next() < 0.5 ? rng.pick(CITIES[country]) : undefined,
      categories: [...categories],
      description,
      amountOwed:
        rng.next() < 0.6
          ? {
              // `1 200,50` as well as `1200.5`: the API normalises both.
              amount:
                rng.next() < 0.3
                  ? `${1 + rng.int(9)} ${100 + rng.int(900)},${10 + rng.int(90)}`
                  : String(200 + rng.int(9800)),
              currency: rng.next() < 0.85 ? CURRENCY_OF[country] : 'USD',
            }
          : undefined,
      dismissalNoticeReceived: dismissed ? isoDay(todayMs - (1 + rng.int(40)) * DAY_MS) : undefined,
      consent: { dataProcessing: true, partnerSharing: rng.pick(['none', 'none', 'anonymised', 'full']) },
      // The form always sends the (empty) honeypot; JSON clients mostly leave it out.
      ...(rng.next() < 0.5 ? { website: '' } : {}),
    };
    for (const key of Object.keys(submission)) if (submission[key] === undefined) delete submission[key];
    const checked = validateIntake(submission, today);
    if (!checked.ok || isHoneypotFilled(submission)) {
      throw new Error(
        `bench generator made an invalid submission #${index}: ${JSON.stringify(checked.errors ?? 'honeypot')}`,
      );
    }
    out.push(submission);
  }
  return out;
}
