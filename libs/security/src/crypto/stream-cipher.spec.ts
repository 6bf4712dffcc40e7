import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError } from './errors.js';
import { STREAM_MAGIC, createDecryptStream, createEncryptStream, decryptFileToBuffer } from './stream-cipher.js';

const key = randomBytes(32);
const aad = 'attachments:0b6f3c1e-9d1a-4c55-9a57-2f0c2a3e4b10';

/** Yields `data` in pieces of the given sizes (cycled), to cross header and tag boundaries. */
function* pieces(data: Buffer, sizes: number[]): Generator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

async function run(transform: Transform, input: Iterable<Buffer> | Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from(Buffer.isBuffer(input) ? [input] : input), transform, async (source) => {
    for await (const chunk of source as AsyncIterable<Buffer>) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

const encrypt = (plain: Buffer, sizes = [65_536]) => run(createEncryptStream(key, aad), pieces(plain, sizes));
const decrypt = (sealed: Buffer, sizes = [65_536], k = key, a = aad) =>
  run(createDecryptStream(k, a), pieces(sealed, sizes));

describe('stream cipher', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mc-crypto-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes MCE1, a 12-byte IV, the ciphertext and a 16-byte tag', async () => {
    const plain = Buffer.from('Зарплатная ведомость 💶');
    const sealed = await encrypt(plain);
    expect(sealed.subarray(0, 4)).toEqual(STREAM_MAGIC);
    expect(sealed).toHaveLength(4 + 12 + plain.length + 16);
    expect(sealed.includes(plain)).toBe(false);
    expect(await decrypt(sealed)).toEqual(plain);
  });

  it('round-trips an empty file', async () => {
    const sealed = await run(createEncryptStream(key, aad), []);
    expect(sealed).toHaveLength(32);
    expect(await decrypt(sealed)).toHaveLength(0);
  });

  it('round-trips 5 MiB of random bytes through a file, with odd chunk sizes', async () => {
    const plain = randomBytes(5 * 1024 * 1024);
    const path = join(dir, 'big.mce');
    await pipeline(
      Readable.from(pieces(plain, [1, 7, 100_003, 65_536])),
      createEncryptStream(key, aad),
      createWriteStream(path),
    );
    // Buffer.equals, not toEqual: a deep compare of 5 MiB byte by byte takes vitest half a minute.
    expect((await decryptFileToBuffer(path, key, aad)).equals(plain)).toBe(true);
    const sealed = await readFile(path);
    // Decrypting in tiny and irregular pieces exercises the header and tag hold-back paths.
    expect((await decrypt(sealed, [1, 2, 3, 5, 8, 13, 17, 4096])).equals(plain)).toBe(true);
  });

  it('fails on a changed byte in the header, the body or the tag', async () => {
    const plain = randomBytes(100_000);
    const sealed = await encrypt(plain);
    for (const index of [0, 5, 15, 16, 50_000, sealed.length - 17, sealed.length - 16, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index]! ^= 0x80;
      await expect(decrypt(tampered)).rejects.toBeInstanceOf(DecryptionError);
    }
  });

  it('fails on a tampered file on disk', async () => {
    const path = join(dir, 'tampered.mce');
    await pipeline(Readable.from([randomBytes(300_000)]), createEncryptStream(key, aad), createWriteStream(path));
    const sealed = await readFile(path);
    sealed[123_456]! ^= 0x01;
    await writeFile(path, sealed);
    await expect(decryptFileToBuffer(path, key, aad)).rejects.toThrow(DecryptionError);
  });

  it('fails with the wrong key, the wrong AAD, truncation, appended bytes, or a non-MCE1 file', async () => {
    const sealed = await encrypt(randomBytes(10_000));
    await expect(decrypt(sealed, undefined, randomBytes(32))).rejects.toMatchObject({ reason: 'authentication' });
    await expect(decrypt(sealed, undefined, key, 'attachments:other')).rejects.toMatchObject({
      reason: 'authentication',
    });
    await expect(decrypt(sealed.subarray(0, sealed.length - 1))).rejects.toBeInstanceOf(DecryptionError);
    await expect(decrypt(sealed.subarray(0, 20))).rejects.toMatchObject({ reason: 'format' });
    await expect(decrypt(sealed.subarray(0, 10))).rejects.toMatchObject({ reason: 'format' });
    await expect(decrypt(Buffer.concat([sealed, Buffer.of(0)]))).rejects.toBeInstanceOf(DecryptionError);
    await expect(decrypt(Buffer.from('%PDF-1.7 not encrypted at all'))).rejects.toMatchObject({ reason: 'format' });
  });

  it('decrypts with its own copy of the key, so the caller may wipe its key before the stream starts', async () => {
    const plain = randomBytes(70_000);
    const sealed = await encrypt(plain);
    const callerKey = Buffer.from(key);
    const transform = createDecryptStream(callerKey, aad);
    callerKey.fill(0);
    expect((await run(transform, pieces(sealed, [7, 4096]))).equals(plain)).toBe(true);
  });

  it('refuses files over the size limit before decrypting', async () => {
    const path = join(dir, 'limit.mce');
    await pipeline(Readable.from([randomBytes(2048)]), createEncryptStream(key, aad), createWriteStream(path));
    await expect(decryptFileToBuffer(path, key, aad, { maxBytes: 1024 })).rejects.toMatchObject({
      reason: 'too-large',
    });
    expect(await decryptFileToBuffer(path, key, aad, { maxBytes: 2048 })).toHaveLength(2048);
  });
});
