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

/** Who a request comes from, as the guards see it. */
export type Actor = UserActor | AnonymousActor;

/** A migrant on the public intake page, without an account. */
export interface PublicIntakeActor {
  readonly kind: 'public';
}

/**
 * The Telegram bot, acting for the person in the conversation. No id: a chat id is personal data,
 * and the record the bot creates names the person anyway.
 */
export interface BotActor {
  readonly kind: 'bot';
  readonly channel: 'telegram';
}

/** A partner organisation calling with its own credentials. */
export interface PartnerActor {
  readonly kind: 'partner';
  readonly partnerId: string;
}

/** Background jobs, the bootstrap, scheduled tasks. */
export interface SystemActor {
  readonly kind: 'system';
}

/** Anyone who can do something in the system; timeline and audit rows record each kind. */
export type AnyActor = Actor | PublicIntakeActor | BotActor | PartnerActor | SystemActor;

/** Who may open a case or a worker's record: staff, the intake page, the bot, a partner. */
export type CreatingActor = UserActor | PublicIntakeActor | BotActor | PartnerActor;

/** The user behind an action, for `created_by` columns; null for every actor without an account. */
export function createdByOf(actor: AnyActor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** Request facts the audit log records next to the actor. */
export interface RequestMeta {
  readonly requestId?: string;
  readonly ip?: string;
}

export function isUser(actor: Actor | undefined): actor is UserActor {
  return actor?.kind === 'user';
}
