import Negotiator from 'negotiator';
import { FALLBACK_INTAKE_LANGUAGE, INTAKE_LANGUAGES, isIntakeLanguage, type IntakeLanguage } from '@mc/intake';

/** The cookie that remembers the language a person picked with the switcher (`?lang=`). */
export const LANGUAGE_COOKIE = 'mc_lang';
/** One year, in seconds. */
export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export interface LanguageSources {
  /** `?lang=` of the request, as given. */
  query?: unknown;
  /** A language sent in a form body (`language`, the hidden field of every page's form). */
  body?: unknown;
  /** The `mc_lang` cookie. */
  cookie?: unknown;
  /** The `Accept-Language` header. */
  acceptLanguage?: string | string[] | undefined;
}

export interface NegotiatedLanguage {
  language: IntakeLanguage;
  /** Where it came from: a valid `?lang=` is remembered in the cookie. */
  source: 'query' | 'body' | 'cookie' | 'header' | 'fallback';
}

/**
 * The page language: `?lang=`, then the form's own `language` field, then the cookie, then the
 * best match of `Accept-Language` (`ru-RU` picks `ru`), then English. An unknown value at one
 * step is skipped, never an error: a person with an odd browser still gets a page.
 */
export function negotiateLanguage(sources: LanguageSources): NegotiatedLanguage {
  if (isIntakeLanguage(sources.query)) return { language: sources.query, source: 'query' };
  if (isIntakeLanguage(sources.body)) return { language: sources.body, source: 'body' };
  if (isIntakeLanguage(sources.cookie)) return { language: sources.cookie, source: 'cookie' };
  const header = Array.isArray(sources.acceptLanguage) ? sources.acceptLanguage.join(',') : sources.acceptLanguage;
  if (header) {
    // English first: `*` (any language) and ties between equally weighted tags go to the fallback.
    const available = [FALLBACK_INTAKE_LANGUAGE, ...INTAKE_LANGUAGES.filter((l) => l !== FALLBACK_INTAKE_LANGUAGE)];
    const [best] = new Negotiator({ headers: { 'accept-language': header } }).languages(available);
    if (isIntakeLanguage(best)) return { language: best, source: 'header' };
  }
  return { language: FALLBACK_INTAKE_LANGUAGE, source: 'fallback' };
}

/** The value of one cookie in a `Cookie` header (the pages need only `mc_lang`). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * `Set-Cookie` for a language chosen with `?lang=`: a year, the whole site, not readable by
 * scripts, `Secure` when the site is served over https.
 */
export function languageCookie(language: IntakeLanguage, secure: boolean): string {
  const attributes = `Max-Age=${LANGUAGE_COOKIE_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  return `${LANGUAGE_COOKIE}=${language}; ${attributes}`;
}
