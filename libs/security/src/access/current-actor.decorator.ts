import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { SecurityError } from '../security-errors.js';
import type { Actor, RequestMeta, UserActor } from './actor.js';

/** What the AccessGuard attaches to a request. */
export interface RequestWithActor {
  id?: string;
  ip?: string;
  actor?: Actor;
}

/** The signed-in user of a route that requires one (the guard has already checked it). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserActor => {
  const request = ctx.switchToHttp().getRequest<RequestWithActor>();
  if (request.actor?.kind !== 'user') throw new SecurityError('access.user-required', 'Unauthorized');
  return request.actor;
});

/** Request id and client address, for the audit log. */
export const CurrentRequestMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const request = ctx.switchToHttp().getRequest<RequestWithActor>();
  return { requestId: request.id, ip: request.ip };
});
