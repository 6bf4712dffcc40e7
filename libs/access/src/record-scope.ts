import type { AnyActor } from '@mc/security';

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

/** A user id nobody has: binding it to an "own" predicate matches nothing. */
export const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * The scope as one bindable value for the SQL predicates here: null for "all", the user id for
 * "own", and {@link NOBODY} for "none" (defence in depth: routes refuse those actors already).
 */
export function scopeUserId(actor: AnyActor): string | null {
  const scope = recordScopeOf(actor);
  if (scope.kind === 'all') return null;
  if (scope.kind === 'own') return scope.userId;
  return NOBODY;
}
