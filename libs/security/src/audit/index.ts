export * from './actor-columns.js';
export * from './audit-chain.js';
export * from './audit-checkpoint.entity.js';
export * from './audit-event.entity.js';
export * from './audit.module.js';
export * from './audit.service.js';
