import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IntakeLanguage } from '@mc/intake';
import {
  cookieValue,
  LANGUAGE_COOKIE,
  languageCookie,
  negotiateLanguage,
  type NegotiatedLanguage,
} from './language.js';

/** `application/x-www-form-urlencoded`: a page's form, answered with a page. */
export function isFormPost(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The page language of a request: `?lang=`, the form's `language`, the cookie, Accept-Language. */
export function requestLanguage(request: FastifyRequest): NegotiatedLanguage {
  return negotiateLanguage({
    query: field(request.query, 'lang'),
    body: field(request.body, 'language'),
    cookie: cookieValue(request.headers.cookie, LANGUAGE_COOKIE),
    acceptLanguage: request.headers['accept-language'],
  });
}

/** Remembers a language picked with `?lang=` (the switcher) for the next visit. */
export function rememberLanguage(reply: FastifyReply, language: IntakeLanguage, publicBaseUrl: string): void {
  void reply.header('set-cookie', languageCookie(language, publicBaseUrl.startsWith('https:')));
}
