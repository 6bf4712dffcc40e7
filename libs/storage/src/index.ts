export * from './storage-repository.js';
export * from './local-disk-storage.js';
export * from './encrypted-storage.js';
export * from './streams.js';
export * from './storage.module.js';
