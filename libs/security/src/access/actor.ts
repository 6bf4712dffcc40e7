import type { Role } from './roles.js';

/** Who is making a request, as every service that checks scope or writes the audit log sees it. */
export interface UserActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly role: Role;
  readonly sessionId: string;
}

export interface AnonymousActor {
  readonly kind: 'anonymous';
}

export type Actor = UserActor | AnonymousActor;

/** Request facts the audit log records next to the actor. */
export interface RequestMeta {
  readonly requestId?: string;
  readonly ip?: string;
}

export function isUser(actor: Actor | undefined): actor is UserActor {
  return actor?.kind === 'user';
}
