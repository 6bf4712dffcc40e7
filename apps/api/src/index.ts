export * from './create-api-app.js';
export * from './shutdown.js';
