import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, STREAM_MAGIC, decryptFileToBuffer } from '@mc/security';
import { EncryptedStorage } from './encrypted-storage.js';
import { LocalDiskStorage } from './local-disk-storage.js';
import { StorageObjectNotFoundError, type StorageRepository } from './storage-repository.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `data` in pieces of a few odd sizes, to cross the header and tag boundaries. */
function* pieces(data: Buffer): Generator<Buffer> {
  const sizes = [1, 15, 16, 17, 4096, 65_537];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

describe('EncryptedStorage', () => {
  let root: string;
  let files: EncryptedStorage;
  const dataKey = randomBytes(32);
  const seal = { dataKey, aad: 'complaint_attachments:0b6f3c1e-9d1a-4c55-9a57-2f0c2a3e4b10' };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mc-encrypted-storage-'));
    files = new EncryptedStorage(new LocalDiskStorage(root));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips 5 MiB in odd chunk sizes, stored as MCE1 that the existing reader opens', async () => {
    const plain = randomBytes(5 * 1024 * 1024 + 3);
    const { bytes } = await files.put('a/round-trip', Readable.from(pieces(plain)), seal);
    expect(bytes).toBe(4 + 12 + plain.length + 16);
    const onDisk = await readFile(join(root, 'a', 'round-trip'));
    expect(onDisk.subarray(0, 4).equals(STREAM_MAGIC)).toBe(true);
    expect(onDisk.includes(plain.subarray(0, 64))).toBe(false);
    // Byte-compatible with files written before the seam (and the reader they were read with).
    expect((await decryptFileToBuffer(join(root, 'a', 'round-trip'), dataKey, seal.aad)).equals(plain)).toBe(true);

    const opened = await files.open('a/round-trip', seal);
    expect(opened.bytes).toBe(plain.length);
    expect((await readAll(opened.stream)).equals(plain)).toBe(true);
  });

  it('round-trips an empty object', async () => {
    await files.put('a/empty', Readable.from([]), seal);
    const opened = await files.open('a/empty', seal);
    expect(opened.bytes).toBe(0);
    expect(await readAll(opened.stream)).toHaveLength(0);
  });

  it('refuses a changed byte, a wrong key or a wrong context before returning any stream', async () => {
    const plain = randomBytes(300_000);
    await files.put('a/tamper', Readable.from([plain]), seal);
    const path = join(root, 'a', 'tamper');
    const sealed = await readFile(path);
    for (const at of [2, 20, 150_000, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 0x01;
      await writeFile(path, altered);
      await expect(files.open('a/tamper', seal), `byte ${at}`).rejects.toBeInstanceOf(DecryptionError);
    }
    await writeFile(path, sealed.subarray(0, sealed.length - 1));
    await expect(files.open('a/tamper', seal)).rejects.toBeInstanceOf(DecryptionError);
    await writeFile(path, sealed);
    await expect(files.open('a/tamper', { ...seal, dataKey: randomBytes(32) })).rejects.toBeInstanceOf(DecryptionError);
    await expect(files.open('a/tamper', { ...seal, aad: 'complaint_attachments:other' })).rejects.toBeInstanceOf(
      DecryptionError,
    );
    expect((await readAll((await files.open('a/tamper', seal)).stream)).equals(plain)).toBe(true);
  });

  it('errors the stream when the object changed between its verification and the read that streams it', async () => {
    const disk = new LocalDiskStorage(root);
    await files.put('a/first', Readable.from([randomBytes(200_000)]), seal);
    const sealed = await readFile(join(root, 'a', 'first'));
    const altered = Buffer.from(sealed);
    altered[100_000]! ^= 0x01;
    // The first read (verification) sees the good file, the second one the altered bytes.
    let reads = 0;
    const changing: StorageRepository = {
      put: (key, source, opts) => disk.put(key, source, opts),
      get: async (key) => (reads++ === 0 ? disk.get(key) : Readable.from([altered])),
      delete: (key) => disk.delete(key),
      exists: (key) => disk.exists(key),
    };
    const opened = await new EncryptedStorage(changing).open('a/first', seal);
    await expect(readAll(opened.stream)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('keeps streaming after the caller wipes its key (withKey wipes it once the callback returns)', async () => {
    const plain = randomBytes(100_000);
    const key = Buffer.from(dataKey);
    await files.put('a/wiped', Readable.from([plain]), { ...seal, dataKey: key });
    const opened = await files.open('a/wiped', { ...seal, dataKey: key });
    key.fill(0);
    expect((await readAll(opened.stream)).equals(plain)).toBe(true);
  });

  it('rejects a missing object', async () => {
    await expect(files.open('a/missing', seal)).rejects.toBeInstanceOf(StorageObjectNotFoundError);
  });
});
