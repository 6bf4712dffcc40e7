export * from './create-worker-app.js';
export * from './worker-settings.js';
export * from './worker.module.js';
// The schedules are declared in the job catalogue; re-exported for the worker's tests and tools.
export { AUDIT_CHECKPOINT_EVERY_MS, REPEATABLE_SCHEDULES, type RepeatableSchedule } from '@mc/queue';
export * from './schedules/schedule-keeper.js';
export * from './audit/audit-checkpoint.handler.js';
export * from './maintenance/deadlines-recompute.handler.js';
