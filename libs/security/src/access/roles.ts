export const ROLES = ['admin', 'coordinator', 'caseworker', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** "caseworker+" in api.md: the roles that work on cases. */
export const CASE_ROLES: readonly Role[] = ['admin', 'coordinator', 'caseworker'];
/** "coordinator+" in api.md. */
export const COORDINATOR_ROLES: readonly Role[] = ['admin', 'coordinator'];
