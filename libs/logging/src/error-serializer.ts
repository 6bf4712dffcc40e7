import { redactContactDetails, redactDatabaseMessage } from './redaction.js';

/** An error as it appears in a log line: an allow-list, so no property of an error leaks by accident. */
export interface SerializedLogError {
  type: string;
  message: string;
  code?: string;
  statusCode?: number;
  /** SQL text with `$n` placeholders, never the bound values. */
  query?: string;
  stack?: string;
  cause?: SerializedLogError;
}

/** Long enough to recognise the statement, short enough not to flood a line. */
export const MAX_LOGGED_QUERY_LENGTH = 2_000;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  query?: unknown;
  stack?: unknown;
  cause?: unknown;
  driverError?: { code?: unknown };
}

function codeOf(error: ErrorLike): string | undefined {
  if (typeof error.driverError?.code === 'string') return error.driverError.code;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** An error's message without the values it may quote: a database value, an address, a number. */
function safeErrorText(message: string, code: string | undefined): string {
  return redactContactDetails(redactDatabaseMessage(message, code));
}

/**
 * Makes an error safe to store where the log's serializer does not reach: BullMQ keeps a failed
 * job's message and stack in Redis (`failedReason`, `stacktrace`, shown by the queue board) and
 * the dead-letter table copies the message. Rewrites them in place, so the error keeps its class
 * (BullMQ looks for UnrecoverableError) and its code; anything not an Error becomes one.
 */
export function scrubError(value: unknown): Error {
  const error = value instanceof Error ? value : new Error(typeof value === 'string' ? value : 'non-error thrown');
  const message = safeErrorText(error.message, codeOf(error as ErrorLike));
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  error.message = message;
  error.stack = [`${error.name}: ${message}`, ...frames].join('\n');
  return error;
}

export function truncateQuery(query: string): string {
  return query.length > MAX_LOGGED_QUERY_LENGTH ? `${query.slice(0, MAX_LOGGED_QUERY_LENGTH)}…` : query;
}

/**
 * pino's default error serializer copies every enumerable property: a TypeORM QueryFailedError
 * would bring its `parameters` (a password hash, an e-mail, a wrapped data key) and Postgres'
 * `detail` (`Key (email)=(…) already exists`). This one keeps the type, a message with quoted
 * values removed, the error code and the SQL text only.
 */
export function serializeLogError(value: unknown, depth = 0): SerializedLogError | unknown {
  if (typeof value !== 'object' || value === null) return value;
  const error = value as ErrorLike;
  const code = codeOf(error);
  const rawMessage = typeof error.message === 'string' ? error.message : String(value);
  const message = safeErrorText(rawMessage, code);
  const out: SerializedLogError = {
    type: typeof error.name === 'string' ? error.name : (value.constructor?.name ?? 'Error'),
    message,
  };
  if (code !== undefined) out.code = code;
  if (typeof error.statusCode === 'number') out.statusCode = error.statusCode;
  if (typeof error.query === 'string') out.query = truncateQuery(error.query);
  if (typeof error.stack === 'string') {
    // The stack's first line repeats the message: keep the redacted one.
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${out.type}: ${message}`, ...frames].join('\n');
  }
  if (error.cause !== undefined && depth < 3) {
    out.cause = serializeLogError(error.cause, depth + 1) as SerializedLogError;
  }
  return out;
}
