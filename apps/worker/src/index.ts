export * from './create-worker-app.js';
export * from './worker-settings.js';
export * from './worker.module.js';
