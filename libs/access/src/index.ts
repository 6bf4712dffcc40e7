/*
 * The access component: who may open which record. Every list and lookup of complaints, workers
 * and steps builds its scope from these rules, and nothing else states them (as immich keeps one
 * access repository). It is the one library whose SQL names other libraries' tables, and only
 * the columns that decide scope: owner, assignee, creator, membership, role, active.
 */
export * from './record-scope.js';
export * from './complaint-scope.js';
export * from './worker-scope.js';
export * from './step-owner.js';
