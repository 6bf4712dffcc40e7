import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  InvalidStorageKeyError,
  StorageObjectNotFoundError,
  storageKeySegments,
  type PutOptions,
  type StorageRepository,
} from './storage-repository.js';

/**
 * Objects as files under one directory (`STORAGE_DIR`), directories 0700 and files 0600. A put
 * streams into a temporary file beside the target (`.<name>.<uuid>.tmp`, a name no valid key can
 * have) and renames it into place only once complete and accepted, so a failed or refused write
 * leaves nothing behind and a reader never sees half an object.
 */
export class LocalDiskStorage implements StorageRepository {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, source: Readable, opts: PutOptions = {}): Promise<{ bytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = join(dirname(path), `.${key.split('/').pop()!}.${randomUUID()}.tmp`);
    try {
      const file = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
      await pipeline(source, file);
      const written = { bytes: file.bytesWritten };
      await opts.beforeCommit?.(written);
      await rename(temp, path);
      return written;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      // Opened before returning, so a missing object rejects here rather than as a stream error.
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw new StorageObjectNotFoundError();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Absolute path of a valid key; also checks the resolved path stays under the root. */
  private pathOf(key: string): string {
    const path = resolve(this.root, ...storageKeySegments(key));
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) throw new InvalidStorageKeyError();
    return path;
  }
}
