import { NotFoundException } from '@nestjs/common';
import type { UserActor } from './actor.js';

/**
 * Record-level access. Out of scope answers exactly like a missing record (404), so a caller
 * cannot learn that a case they may not see exists.
 */
export type RecordScope = { kind: 'all' } | { kind: 'own'; userId: string } | { kind: 'none' };

export function recordScopeOf(actor: UserActor): RecordScope {
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

export class RecordNotFoundException extends NotFoundException {
  constructor(entity: string) {
    super(`${entity} not found`);
  }
}

/** Returns the record when it exists and is in scope; otherwise throws the same 404. */
export function foundInScope<T>(record: T | null | undefined, inScope: (record: T) => boolean, entity: string): T {
  if (record === null || record === undefined || !inScope(record)) throw new RecordNotFoundException(entity);
  return record;
}
