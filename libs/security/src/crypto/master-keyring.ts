import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { assertKey, ownCopy } from './errors.js';

const KEY_ID_PREFIX = 'mc-master-key-id:';

/**
 * Public name of a master key, stored next to everything wrapped under it so the right key can be
 * found after a rotation. It is a hash, never the key: 64 bits tell a handful of keys apart and,
 * SHA-256 being one-way, say nothing about a 256-bit random key. The prefix keeps this hash apart
 * from any other SHA-256 of the same bytes.
 */
export function masterKeyId(key: Buffer): string {
  assertKey(key, 'master key');
  return createHash('sha256').update(KEY_ID_PREFIX, 'utf8').update(key).digest('hex').slice(0, 16);
}

export interface MasterKeyringConfig {
  readonly masterKey: Buffer;
  /** Keys retired by a rotation, kept only until every data key is rewrapped under the current one. */
  readonly previousMasterKeys?: readonly Buffer[];
}

/**
 * The current master key plus older ones (rotation). New data keys are always wrapped under the
 * current key; older keys only unwrap. Rotation: add the new key as current, move the old one to
 * `previousMasterKeys`, rewrap every data key (`rewrapDataKey`), recompute blind indexes (they are
 * derived from the current key), then drop the old key from the config.
 *
 * Keys sit in ES private fields and `toJSON`/`inspect` print only key ids, so logging or
 * serialising the keyring by accident does not leak a key.
 */
export class MasterKeyring {
  readonly #keys = new Map<string, Buffer>();
  readonly #currentId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.#currentId = masterKeyId(current);
    this.#keys.set(this.#currentId, ownCopy(current));
    for (const key of previous) {
      const id = masterKeyId(key);
      if (!this.#keys.has(id)) this.#keys.set(id, ownCopy(key));
    }
  }

  static fromConfig(config: MasterKeyringConfig): MasterKeyring {
    return new MasterKeyring(config.masterKey, config.previousMasterKeys ?? []);
  }

  get currentKeyId(): string {
    return this.#currentId;
  }

  /** All key ids, current first. */
  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  isCurrent(keyId: string): boolean {
    return keyId === this.#currentId;
  }

  /** The current raw key. For the modules of this folder; other code should not need it. */
  currentKey(): Buffer {
    return this.#keys.get(this.#currentId)!;
  }

  /** The raw key with this id, or undefined. For the modules of this folder; treat as read-only. */
  find(keyId: string): Buffer | undefined {
    return this.#keys.get(keyId);
  }

  toJSON(): { currentKeyId: string; keyIds: readonly string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `MasterKeyring { currentKeyId: '${this.currentKeyId}', keys: ${this.#keys.size} }`;
  }
}
