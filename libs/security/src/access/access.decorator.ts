import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const ACCESS_METADATA = 'mc:access';

/**
 * Every route declares who may call it. The global AccessGuard refuses a route that declares
 * nothing, and a test walks all routes to prove none was forgotten.
 */
export type AccessRule = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly Role[] };

/** Anyone, without a token (login, health, public intake). */
export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule);

/** Any signed-in user, whatever the role (their own session, their notifications). */
export const Authenticated = () => SetMetadata(ACCESS_METADATA, { kind: 'authenticated' } satisfies AccessRule);

/** Signed-in users with one of these roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_METADATA, { kind: 'roles', roles } satisfies AccessRule);
