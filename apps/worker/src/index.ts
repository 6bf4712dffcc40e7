export * from './create-worker-app.js';
export * from './worker-settings.js';
export * from './worker.module.js';
export * from './schedules/repeatable-schedules.js';
export * from './schedules/schedule-keeper.js';
export * from './audit/audit-checkpoint.handler.js';
