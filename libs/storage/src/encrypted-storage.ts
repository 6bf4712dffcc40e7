import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { createDecryptStream, createEncryptStream } from '@mc/security';
import { STORAGE, type PutOptions, type StorageRepository } from './storage-repository.js';
import { byteCounter, chain } from './streams.js';

/** The key an object is sealed with and the context it is bound to (e.g. `complaint_attachments:<id>`). */
export interface Seal {
  readonly dataKey: Buffer;
  readonly aad: string;
}

export interface OpenedObject {
  /** The plaintext; errors (and so aborts a response it is piped to) if the object changed since it was verified. */
  readonly stream: Readable;
  /** Plaintext length, measured while verifying: a Content-Length. */
  readonly bytes: number;
}

/**
 * Files encrypted at rest over any {@link StorageRepository}, in the `MCE1` format of
 * `@mc/security`'s stream cipher (AES-256-GCM, one tag at the end, AAD-bound), so files written
 * before this seam existed read unchanged. Nothing is held in memory beyond a stream chunk.
 *
 * Because the format's only tag comes last, {@link open} reads the object twice: a first pass
 * decrypts into nothing to verify the tag (a wrong key or a changed byte rejects here, before
 * anything is sent), the second streams the plaintext and verifies again, so an object replaced
 * between the passes errors at its end instead of passing as authentic.
 */
@Injectable()
export class EncryptedStorage {
  constructor(@Inject(STORAGE) private readonly storage: StorageRepository) {}

  /** Encrypts `source` under the seal and stores it atomically; `bytes` is the stored (sealed) size. */
  put(key: string, source: Readable, seal: Seal, opts?: PutOptions): Promise<{ readonly bytes: number }> {
    return this.storage.put(key, chain(source, createEncryptStream(seal.dataKey, seal.aad)), opts);
  }

  /**
   * The verified object as a plaintext stream. Rejects with `DecryptionError` when it fails its
   * check and `StorageObjectNotFoundError` when it is missing. The seal's key may be wiped once
   * this has resolved (the stream holds what it needs).
   */
  async open(key: string, seal: Seal): Promise<OpenedObject> {
    const counter = byteCounter();
    await pipeline(await this.storage.get(key), createDecryptStream(seal.dataKey, seal.aad), counter);
    const stream = chain(await this.storage.get(key), createDecryptStream(seal.dataKey, seal.aad));
    return { stream, bytes: counter.bytes };
  }

  delete(key: string): Promise<void> {
    return this.storage.delete(key);
  }

  exists(key: string): Promise<boolean> {
    return this.storage.exists(key);
  }
}
