import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './local-disk-storage.js';
import { InvalidStorageKeyError, StorageObjectNotFoundError } from './storage-repository.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Yields `data` in pieces, then fails: a client whose upload broke off. */
async function* breaksAfter(data: Buffer): AsyncGenerator<Buffer> {
  yield data.subarray(0, data.length / 2);
  yield data.subarray(data.length / 2);
  throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
}

/** Every file under `dir`, recursively, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mc-storage-'));
    storage = new LocalDiskStorage(root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips a stream under a nested key, and deletes it', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const key = 'complaints/0b6f3c1e/file-1.mce';
    expect(await storage.exists(key)).toBe(false);
    const put = await storage.put(key, Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    expect(put.bytes).toBe(data.length);
    expect(await storage.exists(key)).toBe(true);
    expect((await readAll(await storage.get(key))).equals(data)).toBe(true);
    expect((await readFile(join(root, 'complaints', '0b6f3c1e', 'file-1.mce'))).equals(data)).toBe(true);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key); // no error when already gone
  });

  it('rejects a missing object when it is opened, not later as a stream error', async () => {
    await expect(storage.get('nothing/here')).rejects.toBeInstanceOf(StorageObjectNotFoundError);
  });

  it.each([
    '../outside',
    'a/../../outside',
    'a/./b',
    '/etc/passwd',
    'a//b',
    'a/',
    '',
    'a\\..\\b',
    '.hidden',
    'a/.b.tmp',
    'a/b c',
    `${'x'.repeat(513)}`,
  ])('refuses the key %j for every operation', async (key) => {
    await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });

  it('leaves no file behind when the source stream fails, and keeps the object it would have replaced', async () => {
    await expect(storage.put('atomic/new', Readable.from(breaksAfter(randomBytes(100_000))))).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(await storage.exists('atomic/new')).toBe(false);

    const before = Buffer.from('the complete old version');
    await storage.put('atomic/kept', Readable.from([before]));
    await expect(storage.put('atomic/kept', Readable.from(breaksAfter(randomBytes(100_000))))).rejects.toThrow();
    expect((await readAll(await storage.get('atomic/kept'))).equals(before)).toBe(true);
    expect(await filesUnder(join(root, 'atomic'))).toEqual(['kept']);
  });

  it('commits nothing when beforeCommit refuses, and tells it how many bytes were written', async () => {
    const seen: number[] = [];
    const refusal = new Error('not this kind of file');
    await expect(
      storage.put('refused/file', Readable.from([randomBytes(5000)]), {
        beforeCommit: ({ bytes }) => {
          seen.push(bytes);
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    expect(seen).toEqual([5000]);
    expect(await storage.exists('refused/file')).toBe(false);
    expect(await filesUnder(join(root, 'refused'))).toEqual([]);
  });

  it('never shows a reader a partial object while it is being written', async () => {
    const key = 'slow/file';
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(10_000, 1);
      await gate;
      yield Buffer.alloc(10_000, 2);
    }
    const writing = storage.put(key, Readable.from(slow()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await storage.exists(key)).toBe(false);
    release();
    expect((await writing).bytes).toBe(20_000);
    expect(await storage.exists(key)).toBe(true);
  });
});
