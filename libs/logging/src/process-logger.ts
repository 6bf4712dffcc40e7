import type { IncomingMessage } from 'node:http';
import type { DestinationStream, LogFn, Logger } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '@mc/config';
import { serializeLogError } from './error-serializer.js';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redaction.js';
import { requestLogLevel, serializeRequest, serializeResponse } from './request-serializers.js';

/**
 * The `process` field of every log line: which program wrote it. `mc-api` and `mc-worker` in
 * production; `npm start` runs both in one process and says so (`mc-api+worker`).
 */
export type ProcessLogLabel = 'mc-api' | 'mc-worker' | 'mc-api+worker' | 'mc';

let processLabel: ProcessLogLabel = 'mc';
let configured: { key: string; params: Params } | undefined;

/**
 * Called once by each entry point (api, worker, launcher) before it builds an application.
 * Libraries, tests and benchmarks that build apps themselves get the neutral `mc`.
 */
export function setProcessLogLabel(label: ProcessLogLabel): void {
  if (configured && label !== processLabel) {
    throw new Error(`the process logger is already configured as ${processLabel}`);
  }
  processLabel = label;
}

export type LogFormat = 'json' | 'pretty';

/** Readable lines for a person at a terminal; JSON for log shippers, files and production. */
export function logFormatFor(
  config: Pick<AppConfig, 'nodeEnv'>,
  stdoutIsTty = Boolean(process.stdout.isTTY),
): LogFormat {
  return stdoutIsTty && config.nodeEnv !== 'production' ? 'pretty' : 'json';
}

function prettyStream(): DestinationStream {
  return pretty({
    sync: true,
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,process,context,req,res,responseTime,reqId',
    messageFormat:
      '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}{if responseTime} {responseTime} ms{end}',
  });
}

/**
 * Nest narrates its start at info: a line per module and per route, a hundred and more, which
 * bury the lines a person starting the system needs (URLs, the first admin's password).
 */
const NEST_START_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

function isNestStartLine(args: unknown[]): boolean {
  const first = args[0] as { context?: unknown } | null | undefined;
  return typeof first === 'object' && first !== null && NEST_START_CONTEXTS.has(first.context as string);
}

function buildParams(level: string, format: LogFormat): Params {
  const options = {
    level,
    hooks: {
      logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn, levelValue: number) {
        if (levelValue === this.levels.values.info && isNestStartLine(args)) return this.debug(...args);
        return method.apply(this, args);
      },
    },
    base: { process: processLabel, pid: process.pid },
    // The API sets the request id (Fastify's genReqId); nothing here makes up another one.
    genReqId: (req: IncomingMessage) => req.id ?? '',
    redact: { paths: [...REDACTED_PATHS], censor: REDACTION_CENSOR },
    // Our serializers get the raw request and response, not pino's copies with every header.
    wrapSerializers: false,
    serializers: { req: serializeRequest, res: serializeResponse, err: serializeLogError },
    customLogLevel: requestLogLevel,
  };
  return {
    pinoHttp: format === 'pretty' ? [options, prettyStream()] : options,
    // nestjs-pino's default adds the paths excluded from the global prefix (/health, /metrics) to
    // a wildcard that Nest 12 already mounts on them, so each probe was logged twice. One
    // wildcard, which Nest mounts on every controller route inside and outside the prefix.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
  };
}

/**
 * The logger configuration of this process. nestjs-pino keeps ONE root logger per process, built
 * by whichever application is created first (`npm start` builds the worker, then the API): a
 * second, different configuration would be silently ignored. So there is exactly one, built on
 * first use, and asking for a different one is an error rather than a quiet surprise.
 */
export function processLoggerParams(
  config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>,
  format: LogFormat = logFormatFor(config),
): Params {
  const key = `${processLabel}|${config.logLevel}|${format}`;
  if (configured && configured.key !== key) {
    throw new Error(`the process logger is already configured (${configured.key}); cannot reconfigure it as ${key}`);
  }
  configured ??= { key, params: buildParams(config.logLevel, format) };
  return configured.params;
}
