import type { IncomingMessage } from 'node:http';
import { newId } from '@mc/database';

const ACCEPTABLE = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Every request gets an id of ours (UUID v7), also when the caller sends `X-Request-Id`: the id
 * goes into the audit log and the logs, where a caller must not be able to choose it (forge a
 * collision with another request, or plant text). The caller's id is kept apart, see below.
 */
export function requestIdFor(): string {
  return newId();
}

/** The caller's own `X-Request-Id`, when it is a sane token, for tracing across proxies; else undefined. */
export function clientRequestIdOf(req: IncomingMessage): string | undefined {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : undefined;
}
