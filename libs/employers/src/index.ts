export * from './employer-alias.entity.js';
export * from './employer.entity.js';

import { EmployerAlias } from './employer-alias.entity.js';
import { Employer } from './employer.entity.js';

export const employerEntities = [Employer, EmployerAlias];
