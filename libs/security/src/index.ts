export * from './access/access.decorator.js';
export * from './access/access.guard.js';
export * from './access/actor.js';
export * from './access/current-actor.decorator.js';
export * from './access/roles.js';
export * from './access/record-not-found.js';
export * from './audit/index.js';
export * from './crypto/index.js';
export * from './idempotency/idempotency-key.entity.js';
export * from './idempotency/idempotency-purge.js';
export * from './idempotency/idempotency.store.js';
export * from './auth/auth.service.js';
export * from './security.module.js';
export * from './security-errors.js';
export * from './sessions/session.entity.js';
export * from './sessions/session-token.js';
export * from './sessions/sessions.service.js';
export * from './users/password-hasher.js';
export * from './users/user-locale.js';
export * from './users/user.entity.js';
export * from './users/users.service.js';
export * from './users/users.repository.js';

import { AuditCheckpoint } from './audit/audit-checkpoint.entity.js';
import { AuditEvent } from './audit/audit-event.entity.js';
import { IdempotencyKey } from './idempotency/idempotency-key.entity.js';
import { Session } from './sessions/session.entity.js';
import { User } from './users/user.entity.js';

/** Entities of this library, for the migration CLI's data source. */
export const securityEntities = [User, Session, AuditEvent, AuditCheckpoint, IdempotencyKey];
