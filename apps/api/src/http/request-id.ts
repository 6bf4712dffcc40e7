import type { IncomingMessage } from 'node:http';
import { newId } from '@mc/database';

const ACCEPTABLE = /^[A-Za-z0-9._-]{8,100}$/;

/** Keeps a caller's X-Request-Id when it is a sane token (for tracing across proxies), else a new UUID v7. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : newId();
}
