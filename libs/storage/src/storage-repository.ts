import type { Readable } from 'node:stream';

/** Injection token of the {@link StorageRepository} (local disk today, S3-compatible later). */
export const STORAGE = Symbol('STORAGE');

export interface PutOptions {
  /**
   * Runs once every byte is written but before the object becomes visible under its key; if it
   * throws, nothing is stored and `put` rejects with its error. For checks that need the whole
   * stream (size, content type) without a refused upload ever appearing as an object.
   */
  readonly beforeCommit?: (written: { readonly bytes: number }) => Promise<void> | void;
}

/**
 * Where files live (attachments, export files, dossiers, Telegram photos), as streams so no file
 * has to fit in memory. Keys are relative, `/`-separated paths of plain segments
 * (`complaints/<id>/<id>.mce`); anything else is refused with {@link InvalidStorageKeyError}.
 * The repository stores bytes as given: encryption is the caller's (see `EncryptedStorage`).
 */
export interface StorageRepository {
  /** Writes all of `source` under `key`, atomically: the object appears complete or not at all. */
  put(key: string, source: Readable, opts?: PutOptions): Promise<{ readonly bytes: number }>;
  /** The object's bytes; rejects with {@link StorageObjectNotFoundError} when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes the object; no error when there is none. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** No object under that key. The message names no key (keys hold record ids). */
export class StorageObjectNotFoundError extends Error {
  override readonly name = 'StorageObjectNotFoundError';
  readonly code = 'ENOENT';

  constructor() {
    super('No stored object under that key');
  }
}

/** A key that is not a relative path of plain segments (traversal, absolute, empty, odd characters). */
export class InvalidStorageKeyError extends Error {
  override readonly name = 'InvalidStorageKeyError';

  constructor() {
    super('Invalid storage key');
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * Checks a key without touching any storage: 1 to 512 characters, segments of letters, digits,
 * `.`, `_` and `-` that do not start with a dot (so no `..`, no hidden or temporary names), no
 * leading or trailing `/`, no empty segment, no backslash. Returns the key's segments.
 */
export function storageKeySegments(key: string): string[] {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) throw new InvalidStorageKeyError();
  const segments = key.split('/');
  if (!segments.every((s) => SEGMENT.test(s))) throw new InvalidStorageKeyError();
  return segments;
}
