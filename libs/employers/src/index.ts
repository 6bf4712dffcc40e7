export * from './employer-alias.entity.js';
export * from './employer.entity.js';
export * from './employer-name.js';
export * from './employer-errors.js';
export { resolveMergeRedirect, type MergeRedirect } from './employer-hierarchy.js';
export * from './employer-view.js';
export * from './employers.module.js';
export * from './employers.service.js';

import { EmployerAlias } from './employer-alias.entity.js';
import { Employer } from './employer.entity.js';

export const employerEntities = [Employer, EmployerAlias];
