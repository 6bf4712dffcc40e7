import { createHmac } from 'node:crypto';
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
import { deriveSubkey } from '@mc/security';
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

/** The first value of a form field that may have been sent twice (`reference=a&reference=b`). */
function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The reference a status lookup names: in the path (JSON routes) or in the form (`/status`),
 * read as the page reads it (the first value of a repeated field). Case and spaces are
 * ignored, so `mc-2026-1` and `MC-2026-1` count together; the counter's key is keyed-hashed.
 */
export function referenceTracker(request: PublicRequest): string {
  const fromPath = request.params?.reference;
  const body = request.body;
  const fromBody =
    typeof body === 'object' && body !== null ? firstOf((body as Record<string, unknown>).reference) : undefined;
  const raw = typeof fromPath === 'string' ? fromPath : typeof fromBody === 'string' ? fromBody : '';
  return 'reference-' + raw.trim().toUpperCase().slice(0, 64);
}

/**
 * A client address as a rate limit should count it: an IPv6 address by its /64 (one line, one
 * household or phone, holds a whole /64: counting each address would let it post without limit),
 * an IPv4-mapped IPv6 address as the IPv4 address.
 */
export function addressForLimits(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...front, ...Array(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const ipTracker = (req: Record<string, unknown>) => addressForLimits((req as PublicRequest).ip);

/**
 * One counter per throttler and tracker, shared by the JSON and the HTML routes of a group; its
 * Redis key is an HMAC under a key of its own, so a Redis snapshot does not say which addresses
 * filed a complaint or looked one up (an unkeyed hash of an IPv4 address is undone by trying
 * them all, and references are numbered in order).
 */
function keyedCounter(masterKey: Buffer) {
  const key = deriveSubkey(masterKey, 'rateLimitKey');
  return (_context: ExecutionContext, tracker: string, name: string) =>
    createHmac('sha256', key).update(`${name}\n${tracker}`).digest('hex');
}

function onlyFor(group: RateLimitGroupName, throttler: ThrottlerOptions): ThrottlerOptions {
  return { ...throttler, skipIf: (context) => rateLimitGroupOf(context) !== group };
}

export function apiThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const login = loginThrottlerOptions(config) as Exclude<ThrottlerModuleOptions, ThrottlerOptions[]>;
  const sharedKey = keyedCounter(config.masterKey);
  const intakeTtl = config.intakeLimits.windowSeconds * 1000;
  const statusTtl = config.statusLimits.windowSeconds * 1000;
  return {
    ...login,
    throttlers: [
      ...login.throttlers.map((t) => ({ ...onlyFor('login', t), generateKey: sharedKey })),
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
