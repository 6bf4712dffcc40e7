import { DomainError } from '@mc/errors';
import type { AnyActor } from './actor.js';

/**
 * Record-level access. Out of scope answers exactly like a missing record (404), so a caller
 * cannot learn that a case they may not see exists.
 */
export type RecordScope = { kind: 'all' } | { kind: 'own'; userId: string } | { kind: 'none' };

/**
 * Staff by role. Background jobs see everything. Everyone without an account (the intake page,
 * the bot, a partner, an anonymous request) sees no existing record through these rules: what
 * they may reach is decided by their own feature (a status code, a referral), never by a scope.
 */
export function recordScopeOf(actor: AnyActor): RecordScope {
  if (actor.kind === 'system') return { kind: 'all' };
  if (actor.kind !== 'user') return { kind: 'none' };
  switch (actor.role) {
    case 'admin':
    case 'coordinator':
      return { kind: 'all' };
    case 'caseworker':
      return { kind: 'own', userId: actor.userId };
    case 'analyst':
      return { kind: 'none' };
  }
}

/**
 * A record that does not exist or is out of the actor's scope (the API answers 404). Its code
 * names the entity: `step.not-found`, `queue-probe.not-found`.
 */
export class RecordNotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  readonly code: `${string}.not-found`;

  constructor(readonly entity: string) {
    super(`${entity} not found`);
    this.code = `${entity.toLowerCase().replace(/\s+/g, '-')}.not-found`;
  }
}

/** Returns the record when it exists and is in scope; otherwise throws the same 404. */
export function foundInScope<T>(record: T | null | undefined, inScope: (record: T) => boolean, entity: string): T {
  if (record === null || record === undefined || !inScope(record)) throw new RecordNotFoundError(entity);
  return record;
}
