import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { BlindIndexer } from './blind-index.js';
import { generateDataKey, unwrapDataKey, type DataKey, type StoredDataKey } from './data-keys.js';
import { decryptOptional, encryptOptional, type FieldAad } from './field-cipher.js';
import { MasterKeyring } from './master-keyring.js';
import { RequestHasher } from './request-hash.js';
import { deriveSubkey } from './subkeys.js';

/**
 * The one injectable door to encryption for domain services: per-owner data keys (envelope
 * under the master key), field encryption and blind indexes. Keys never leave the process.
 */
@Injectable()
export class FieldEncryptionService {
  readonly keyring: MasterKeyring;
  readonly blindIndex: BlindIndexer;
  /** Keyed hash of an idempotent request (method, path, raw body). */
  readonly requestHasher: RequestHasher;
  /** For records that have no owner key (a household employer's address). */
  readonly systemKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.keyring = MasterKeyring.fromConfig({ masterKey: config.masterKey });
    this.blindIndex = new BlindIndexer(config.masterKey);
    this.requestHasher = new RequestHasher(config.masterKey);
    this.systemKey = deriveSubkey(config.masterKey, 'systemFields');
  }

  /** A new data key bound to `ownerId` (the row's id, assigned before insert). */
  createDataKey(ownerId: string): DataKey {
    return generateDataKey(this.keyring, ownerId);
  }

  openDataKey(stored: StoredDataKey): Buffer {
    return unwrapDataKey(this.keyring, stored);
  }

  encrypt(key: Buffer, value: string | null | undefined, aad: FieldAad): string | null {
    return encryptOptional(key, value, aad);
  }

  decrypt(key: Buffer, value: string | null | undefined, aad: FieldAad): string | null {
    return decryptOptional(key, value, aad);
  }
}
