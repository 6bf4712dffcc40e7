import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, KEY_BYTES, assertKey } from './errors.js';
import type { MasterKeyring } from './master-keyring.js';

/*
 * Envelope encryption. Every MigrantWorker has its own random 256-bit data key; the fields and
 * attachments of that person are encrypted with it, and the database stores it only wrapped
 * (AES-256-GCM) under the master key, which never enters the database.
 *
 * Crypto-shredding: deleting a person's wrapped data key makes every ciphertext encrypted with it
 * (fields, attachments, copies in exports) permanently unreadable, without finding and
 * overwriting each copy. Caveat: a database backup taken before the erasure still holds the
 * wrapped key, and the master key still unwraps it. Backups become unreadable for that person
 * only once the master key that wrapped it is rotated away and destroyed, or every such backup has
 * expired. Erasure should therefore be followed by a master-key rotation within the backup
 * retention window (or backups must be kept no longer than the promise made to the person).
 *
 * Wrapped format (61 bytes, for a `bytea` column): version 0x01 | 12-byte IV | 32-byte
 * ciphertext | 16-byte tag. AAD = `mc:data-key:<masterKeyId>:<ownerId>`: binding the owner id
 * means a wrapped key copied into another person's row does not unwrap there, and binding the
 * key id means a wrong `masterKeyId` column fails instead of silently using another key.
 */

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const WRAPPED_DATA_KEY_BYTES = 1 + IV_BYTES + KEY_BYTES + TAG_BYTES;

/** What is stored in the owner's row. */
export interface WrappedDataKey {
  readonly wrapped: Buffer;
  readonly masterKeyId: string;
}

/** A fresh data key: `key` is used now and never stored; `wrapped` and `masterKeyId` are stored. */
export interface DataKey extends WrappedDataKey {
  readonly key: Buffer;
}

export interface StoredDataKey extends WrappedDataKey {
  /** Id of the row the key belongs to (e.g. the MigrantWorker id). */
  readonly ownerId: string;
}

function wrapAad(masterKeyId: string, ownerId: string): Buffer {
  // An empty owner id would bind the key to nothing, which defeats the point of the binding.
  if (typeof ownerId !== 'string' || ownerId.length === 0) throw new TypeError('ownerId must be a non-empty string');
  return Buffer.from(`mc:data-key:${masterKeyId}:${ownerId}`, 'utf8');
}

function wrap(keyring: MasterKeyring, dataKey: Buffer, ownerId: string): WrappedDataKey {
  const masterKeyId = keyring.currentKeyId;
  const aad = wrapAad(masterKeyId, ownerId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.currentKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { wrapped: Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]), masterKeyId };
}

/** A new data key for `ownerId`, wrapped under the current master key. The owner's id must be known before the row is inserted. */
export function generateDataKey(keyring: MasterKeyring, ownerId: string): DataKey {
  const key = randomBytes(KEY_BYTES);
  return { key, ...wrap(keyring, key, ownerId) };
}

/** The raw data key; throws `DecryptionError` on an unknown master key id, wrong owner, or tampering. */
export function unwrapDataKey(keyring: MasterKeyring, stored: StoredDataKey): Buffer {
  const aad = wrapAad(stored.masterKeyId, stored.ownerId);
  const masterKey = keyring.find(stored.masterKeyId);
  if (!masterKey) throw new DecryptionError('unknown-key');
  const { wrapped } = stored;
  if (!Buffer.isBuffer(wrapped) || wrapped.length !== WRAPPED_DATA_KEY_BYTES || wrapped[0] !== VERSION) {
    throw new DecryptionError('format');
  }
  const iv = wrapped.subarray(1, 1 + IV_BYTES);
  const body = wrapped.subarray(1 + IV_BYTES, 1 + IV_BYTES + KEY_BYTES);
  const tag = wrapped.subarray(1 + IV_BYTES + KEY_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError('authentication');
  }
}

/**
 * Re-wraps a stored data key under the current master key (rotation). The data key itself does
 * not change, so nothing encrypted with it needs re-encrypting. Returns a fresh wrap even when the
 * key is already current; check `keyring.isCurrent(stored.masterKeyId)` to skip those rows.
 */
export function rewrapDataKey(keyring: MasterKeyring, stored: StoredDataKey): WrappedDataKey {
  const key = unwrapDataKey(keyring, stored);
  try {
    assertKey(key, 'data key');
    return wrap(keyring, key, stored.ownerId);
  } finally {
    key.fill(0); // best effort: shorten the time the plain data key sits in memory
  }
}
