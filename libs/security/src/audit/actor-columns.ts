import type { AnyActor } from '../access/actor.js';
import type { AuditActorType } from './audit-chain.js';

/**
 * An actor as the `actor_type` and `actor_id` columns of audit and timeline rows store it; a
 * request's `anonymous` actor is `public`. Ids are lower-cased as a uuid column returns them, so
 * an audit row's hash recomputes from the stored row.
 */
export function actorColumns(actor: AnyActor): { actorType: AuditActorType; actorId: string | null } {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId.toLowerCase() };
    case 'partner':
      return { actorType: 'partner', actorId: actor.partnerId.toLowerCase() };
    case 'system':
      return { actorType: 'system', actorId: null };
    case 'bot':
      return { actorType: 'bot', actorId: null };
    case 'public':
    case 'anonymous':
      return { actorType: 'public', actorId: null };
  }
}
