import { describe, expect, it } from 'vitest';
import { cookieValue, languageCookie, negotiateLanguage } from './language.js';

describe('negotiateLanguage', () => {
  it('takes ?lang= first, then the form field, then the cookie, then Accept-Language', () => {
    const all = { query: 'uk', body: 'de', cookie: 'pl', acceptLanguage: 'fr' };
    expect(negotiateLanguage(all)).toEqual({ language: 'uk', source: 'query' });
    expect(negotiateLanguage({ ...all, query: undefined })).toEqual({ language: 'de', source: 'body' });
    expect(negotiateLanguage({ ...all, query: undefined, body: undefined })).toEqual({
      language: 'pl',
      source: 'cookie',
    });
    expect(negotiateLanguage({ acceptLanguage: 'fr' })).toEqual({ language: 'fr', source: 'header' });
    expect(negotiateLanguage({})).toEqual({ language: 'en', source: 'fallback' });
  });

  it('skips a value that is not one of the page languages', () => {
    expect(negotiateLanguage({ query: 'xx', cookie: 'ru' })).toEqual({ language: 'ru', source: 'cookie' });
    expect(negotiateLanguage({ query: ['ru'], cookie: 'EN', acceptLanguage: 'uk' })).toEqual({
      language: 'uk',
      source: 'header',
    });
    expect(negotiateLanguage({ query: '', body: 42, cookie: '' }).source).toBe('fallback');
  });

  it('matches regional tags and weights in Accept-Language', () => {
    expect(negotiateLanguage({ acceptLanguage: 'ru-RU,ru;q=0.9,en-US;q=0.8' }).language).toBe('ru');
    expect(negotiateLanguage({ acceptLanguage: 'es-ES, uk;q=0.5, de;q=0.7' }).language).toBe('de');
    expect(negotiateLanguage({ acceptLanguage: 'tg-TJ' }).language).toBe('tg');
    expect(negotiateLanguage({ acceptLanguage: 'ja, zh;q=0.8' })).toEqual({ language: 'en', source: 'fallback' });
  });

  it('gives English for "*" and for a tie between equal weights', () => {
    expect(negotiateLanguage({ acceptLanguage: '*' }).language).toBe('en');
  });
});

describe('the language cookie', () => {
  it('is read out of a Cookie header', () => {
    expect(cookieValue('a=1; mc_lang=uk; b=2', 'mc_lang')).toBe('uk');
    expect(cookieValue('xmc_lang=uk', 'mc_lang')).toBeUndefined();
    expect(cookieValue(undefined, 'mc_lang')).toBeUndefined();
  });

  it('lasts a year on the whole site, out of reach of scripts, and is Secure over https', () => {
    expect(languageCookie('ru', false)).toBe('mc_lang=ru; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax');
    expect(languageCookie('ru', true)).toBe('mc_lang=ru; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax; Secure');
  });
});
