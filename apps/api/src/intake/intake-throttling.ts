import { createHash } from 'node:crypto';
import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import type { AppConfig } from '@mc/config';
import { loginThrottlerOptions } from '../auth/login-throttling.js';

/**
 * The rate limits of the public intake and status routes, next to the login ones, in the same
 * Redis storage. Each route says which group it belongs to (`@RateLimitGroup('intake')`); every
 * named throttler counts only the routes of its own group, so a form post never spends a login
 * attempt and a login never spends an intake.
 */
export type RateLimitGroupName = 'login' | 'intake' | 'status';
const GROUP_METADATA = 'mc:rate-limit-group';

export const RateLimitGroup = (group: Exclude<RateLimitGroupName, 'login'>) => SetMetadata(GROUP_METADATA, group);

const reflector = new Reflector();
/** The group a route declared; undeclared routes using the guard (login) are `login`. */
export function rateLimitGroupOf(context: ExecutionContext): RateLimitGroupName {
  return (
    reflector.getAllAndOverride<RateLimitGroupName | undefined>(GROUP_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]) ?? 'login'
  );
}

interface PublicRequest {
  ip?: string;
  params?: { reference?: unknown };
  body?: unknown;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The reference a status lookup names: in the path (JSON routes) or in the form (`/status`).
 * Hashed, like login emails: Redis never holds it. Case and spaces are ignored, so `mc-2026-1`
 * and `MC-2026-1` count together.
 */
export function referenceTracker(request: PublicRequest): string {
  const fromPath = request.params?.reference;
  const body = request.body;
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).reference : undefined;
  const raw = typeof fromPath === 'string' ? fromPath : typeof fromBody === 'string' ? fromBody : '';
  return 'reference-' + sha256(raw.trim().toUpperCase().slice(0, 64));
}

/** One counter per throttler and tracker, shared by the JSON and the HTML routes of a group. */
const sharedKey = (_context: ExecutionContext, tracker: string, name: string) => sha256(`${name}-${tracker}`);
const ipTracker = (req: Record<string, unknown>) => (req as PublicRequest).ip ?? 'unknown';

function onlyFor(group: RateLimitGroupName, throttler: ThrottlerOptions): ThrottlerOptions {
  return { ...throttler, skipIf: (context) => rateLimitGroupOf(context) !== group };
}

export function apiThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const login = loginThrottlerOptions(config) as Exclude<ThrottlerModuleOptions, ThrottlerOptions[]>;
  const intakeTtl = config.intakeLimits.windowSeconds * 1000;
  const statusTtl = config.statusLimits.windowSeconds * 1000;
  return {
    ...login,
    throttlers: [
      ...login.throttlers.map((t) => onlyFor('login', t)),
      onlyFor('intake', {
        name: 'intake-ip',
        ttl: intakeTtl,
        limit: config.intakeLimits.perIp,
        getTracker: ipTracker,
        generateKey: sharedKey,
      }),
      onlyFor('status', {
        name: 'status-ip',
        ttl: statusTtl,
        limit: config.statusLimits.perIp,
        getTracker: ipTracker,
        generateKey: sharedKey,
      }),
      onlyFor('status', {
        name: 'status-reference',
        ttl: statusTtl,
        limit: config.statusLimits.perReference,
        getTracker: (req: Record<string, unknown>) => referenceTracker(req as PublicRequest),
        generateKey: sharedKey,
      }),
    ],
  };
}

/** A 429 that knows when the client may try again (seconds), for `Retry-After`. */
export class RateLimitedException extends ThrottlerException {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many requests; wait and try again');
  }
}

/** The throttler guard of the public routes: its 429 carries the real time until the window frees. */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedException(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
