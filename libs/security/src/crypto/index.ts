export * from './blind-index.js';
export * from './data-keys.js';
export { DecryptionError, type DecryptionFailure } from './errors.js';
export * from './field-cipher.js';
export * from './master-keyring.js';
export * from './request-hash.js';
export * from './stream-cipher.js';
export * from './subkeys.js';
export * from './field-encryption.service.js';
