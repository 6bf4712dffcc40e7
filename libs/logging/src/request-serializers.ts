import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A raw request as the logger sees it: `id` is ours (pino-http types it), the caller's own
 * X-Request-Id is kept apart, and `originalUrl` is the path before a middleware prefix was cut.
 */
export type LoggedRequest = IncomingMessage & { clientRequestId?: string; originalUrl?: string };

/** Paths that load balancers and Prometheus poll every few seconds. */
const PROBE_PATHS = new Set(['/health', '/metrics']);

export function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

export function isProbePath(url: string | undefined): boolean {
  return PROBE_PATHS.has(pathOnly(url).replace(/\/+$/, ''));
}

/**
 * A request line holds method, path and ids only: no headers (bearer tokens, cookies), no query
 * string (`?q=<surname>`, `?token=`), no body.
 */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    id: req.id,
    ...(req.clientRequestId ? { clientRequestId: req.clientRequestId } : {}),
    method: req.method,
    url: pathOnly(req.originalUrl ?? req.url),
  };
}

export function serializeResponse(res: ServerResponse): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

/**
 * Server errors at error, client errors at warn, the rest at info; a successful probe at debug,
 * so a health check every 15 s does not bury the lines people read.
 */
export function requestLogLevel(
  req: IncomingMessage,
  res: ServerResponse,
  err: Error | undefined,
): 'error' | 'warn' | 'info' | 'debug' {
  if (err || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return isProbePath((req as LoggedRequest).originalUrl ?? req.url) ? 'debug' : 'info';
}
