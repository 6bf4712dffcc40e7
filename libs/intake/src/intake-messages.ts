import { readFileSync } from 'node:fs';
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { FALLBACK_INTAKE_LANGUAGE, INTAKE_LANGUAGES, type IntakeLanguage } from './intake-languages.js';

/**
 * The words of the intake and status pages, one ICU MessageFormat file per language in
 * `libs/intake/locales/` (plurals and dates the way each language writes them). A key missing in
 * a language falls back to English; a key missing in English is a bug the locale test catches.
 */
export type IntakeMessageValues = Record<string, string | number | Date>;

export interface IntakeMessages {
  readonly language: IntakeLanguage;
  /** The message `id` with `values`, in this language (English when this language lacks it). */
  t(id: string, values?: IntakeMessageValues): string;
  /** Whether the language's own file (not the English fallback) has `id`. */
  has(id: string): boolean;
}

const LOCALES_DIR = new URL('../locales/', import.meta.url);

function flatten(
  tree: Record<string, unknown>,
  prefix = '',
  into: Record<string, string> = {},
): Record<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const id = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') into[id] = value;
    else if (typeof value === 'object' && value !== null) flatten(value as Record<string, unknown>, id, into);
  }
  return into;
}

/** The messages of `language` as they are in its file, flattened to dotted ids. */
export function loadLocaleFile(language: IntakeLanguage): Record<string, string> {
  const text = readFileSync(new URL(`${language}.json`, LOCALES_DIR), 'utf8');
  return flatten(JSON.parse(text) as Record<string, unknown>);
}

const cache = createIntlCache();
let catalogue: Map<IntakeLanguage, IntakeMessages> | undefined;

function build(): Map<IntakeLanguage, IntakeMessages> {
  const fallback = loadLocaleFile(FALLBACK_INTAKE_LANGUAGE);
  const result = new Map<IntakeLanguage, IntakeMessages>();
  for (const language of INTAKE_LANGUAGES) {
    const own = language === FALLBACK_INTAKE_LANGUAGE ? fallback : loadLocaleFile(language);
    const intl: IntlShape<string> = createIntl(
      {
        locale: language,
        defaultLocale: FALLBACK_INTAKE_LANGUAGE,
        messages: { ...fallback, ...own },
        // A missing key already falls back to English above; anything else is a broken message.
        onError: (error) => {
          throw error;
        },
      },
      cache,
    );
    result.set(language, {
      language,
      t: (id, values) => intl.formatMessage({ id }, values) as string,
      has: (id) => Object.hasOwn(own, id),
    });
  }
  return result;
}

/** The messages of `language`; the files are read once, on first use. */
export function intakeMessages(language: IntakeLanguage): IntakeMessages {
  catalogue ??= build();
  return catalogue.get(language)!;
}
