import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SecurityError } from '../security-errors.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { ACCESS_METADATA, type AccessRule } from './access.decorator.js';
import type { RequestWithActor } from './current-actor.decorator.js';

interface HttpRequest extends RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
}

export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * The one gate every route passes. Deny by default: a route that forgot to declare its access
 * is refused (and logged), never silently public.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
      // Fails closed, and says no more than Nest's bare 403 did.
      throw new SecurityError('access.no-rule', 'Forbidden');
    }
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (rule.kind === 'public') {
      request.actor = { kind: 'anonymous' };
      return true;
    }
    const token = bearerToken(request.headers.authorization);
    const actor = token ? await this.sessions.authenticate(token) : null;
    if (!actor) throw new SecurityError('access.token-required', 'A valid bearer token is required');
    request.actor = actor;
    if (rule.kind === 'roles' && !rule.roles.includes(actor.role)) {
      throw new SecurityError('access.role-not-allowed', 'Your role may not use this route');
    }
    return true;
  }
}
