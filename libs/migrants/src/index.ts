export * from './migrant-worker.entity.js';
export { CONSENT_VERSION } from './worker-inputs.js';
export type { ConsentInput, CreateWorkerInput, UpdateWorkerInput, WorkerListQuery } from './worker-inputs.js';
export type * from './worker-view.js';
export * from './worker-errors.js';
export { lockWorkerReferences, type WorkerReference } from './worker-references.js';
export { workersSharingContacts, type ContactShare } from './worker-duplicates.js';
export { INTEGRITY_FAILURE_MESSAGE } from './worker-cipher.service.js';
export { NameMatcher, nameSpellings, normaliseName } from './worker-name-match.js';
export { NAME_SEARCH_MAX_SCAN, WorkersService } from './workers.service.js';
export { WorkersModule } from './workers.module.js';
export { WorkerKeysService } from './worker-keys.service.js';

import { MigrantWorker } from './migrant-worker.entity.js';

export const workerEntities = [MigrantWorker];
