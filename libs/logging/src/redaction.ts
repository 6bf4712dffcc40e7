/**
 * Fields that may hold personal data or secrets, at the top of a log object or one level down
 * (pino's redaction has no recursive wildcard, and each path costs on every line). Deeper objects
 * are not logged whole anywhere: errors go through the allow-list of error-serializer.ts. Request
 * lines carry no headers and no query string at all (see request-serializers.ts), so a bearer
 * header, a `?token=` or a `?q=<surname>` cannot reach the log through them; these paths catch
 * the same data when code logs an object that happens to hold it.
 */
export const REDACTED_PATHS: readonly string[] = Object.freeze([
  'password',
  'token',
  'authorization',
  'cookie',
  'email',
  'phone',
  'telegram',
  'fullName',
  'name',
  'body',
  'parameters',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
  '*.email',
  '*.phone',
  '*.telegram',
  '*.fullName',
  '*.name',
  '*.body',
  '*.facts',
  '*.summary',
  '*.description',
  '*.parameters',
  'req.headers',
  'res.headers',
]);

export const REDACTION_CENSOR = '[redacted]';

/**
 * Postgres data exceptions (class 22) quote the offending value in their message:
 * `invalid input syntax for type uuid: "Iryna Petrenko"`. The quoted part goes; the rest says
 * what kind of value was wrong, which is what an operator needs.
 */
export function redactDatabaseMessage(message: string, code: string | undefined): string {
  if (code === undefined || !code.startsWith('22')) return message;
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
}

const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[a-z]{2,}/gi;
/** International numbers as people write them: +49 151 2345-6789, +380 (50) 123 45 67. */
const PHONE = /\+\d[\d ().-]{6,}\d/g;

/**
 * E-mail addresses and phone numbers in free text (an SMTP server's "550 <olena@example.org>:
 * mailbox unavailable", a Telegram error quoting a chat) become placeholders.
 */
export function redactContactDetails(message: string): string {
  return message.replace(EMAIL, '<email>').replace(PHONE, '<phone>');
}
