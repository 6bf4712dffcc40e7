export * from './error-serializer.js';
export * from './logging.module.js';
export * from './process-logger.js';
export * from './redaction.js';
export * from './request-serializers.js';
