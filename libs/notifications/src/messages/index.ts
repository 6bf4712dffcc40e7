export * from './format.js';
export * from './render.js';
export * from './types.js';
