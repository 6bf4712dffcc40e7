import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@mc/config';

/**
 * Fields that may hold personal data or secrets, wherever they appear in a log object. Request
 * logs carry no headers and no query string at all (see the serializers), so a status token in
 * `?token=` or a bearer header cannot reach the log.
 */
export const REDACTED_PATHS = [
  'password',
  'token',
  'authorization',
  'email',
  'phone',
  'telegram',
  'fullName',
  'name',
  'body',
  '*.password',
  '*.token',
  '*.authorization',
  '*.email',
  '*.phone',
  '*.telegram',
  '*.fullName',
  '*.name',
  '*.body',
  '*.facts',
  '*.summary',
  '*.description',
  // A failed query (QueryFailedError) carries its bound values and Postgres' detail line
  // ("Key (email)=(...) already exists"): the SQL text may be logged, the values never.
  'err.parameters',
  'err.detail',
  'err.driverError.detail',
  'err.driverError.where',
];

function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { process: 'mc-api' },
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: pathOnly(req.url) }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  };
}
