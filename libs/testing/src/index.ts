export * from './test-config.js';
export * from './test-database.js';
export * from './fixtures.js';
export * from './channel-stubs.js';
export * from './key-dates.js';
