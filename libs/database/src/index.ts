export * from './data-source-options.js';
export * from './database.module.js';
export * from './ids.js';
export * from './postgres-url.js';
export * from './run-migrations.js';
export * from './typeorm-logger.js';
export * from './app-role.js';
export * from './paging.js';
