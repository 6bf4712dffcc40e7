/** Formats shared by the create and update bodies of /workers (api.md, "Migrant workers"). */

export const NOT_BLANK = /\S/;
/** ISO 3166-1 alpha-2 as written in the API: two upper-case letters (also checked against the list). */
export const COUNTRY = /^[A-Z]{2}$/;
/** BCP 47 as used here: a 2–3 letter language, then optional subtags (`ru`, `uz-Cyrl`, `pt-BR`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const E164 = /^\+[1-9]\d{6,14}$/;
export const TELEGRAM_HANDLE = /^@[A-Za-z0-9_]{5,32}$/;

/**
 * Spaces, dashes, dots and parentheses are how people write numbers (`+49 151 2345678`); they
 * are dropped before the E.164 check, so the stored number has one spelling.
 */
export function stripPhoneSeparators({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.replace(/[\s().-]/g, '') : value;
}

export const MESSAGES = {
  notBlank: (field: string) => `${field} must not be blank`,
  country: (field: string) => `${field} must be an ISO 3166-1 alpha-2 code in upper case, such as DE`,
  language: 'preferredLanguage must be a BCP 47 language tag such as ru, uk, uz-Cyrl or en',
  phone: 'phone must be an international number in E.164 form, such as +491512345678',
  telegram: 'telegram must be a Telegram handle: @ followed by 5–32 letters, digits or underscores',
  dataProcessing:
    'dataProcessing must be true: nothing may be stored about a worker who has not agreed to the processing of their data',
};
