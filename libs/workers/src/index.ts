export * from './migrant-worker.entity.js';

import { MigrantWorker } from './migrant-worker.entity.js';

export const workerEntities = [MigrantWorker];
