/**
 * Fields that may hold personal data or secrets, wherever they appear in a log object. Request
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
