import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecryptionError, assertKey, ownCopy } from './errors.js';

/*
 * Attachment encryption, streamed so a file never has to fit in memory.
 *
 * File format: `MCE1` (4 bytes) | IV (12 bytes) | ciphertext | GCM tag (16 bytes). AES-256-GCM with
 * the owner's data key (the same key as their fields, so crypto-shredding covers attachments too).
 * The caller's AAD (e.g. the attachment id) binds the file to its record, so a file swapped on disk
 * with another person's fails. It is prefixed with `mc:file:` here, which keeps file AADs apart
 * from field AADs (`table:column:rowId`) under the same key.
 *
 * WARNING for decryption: GCM can only verify the tag after the last byte, but the stream emits
 * plaintext as it goes. Output is untrusted until the stream has ended without an error: write
 * it to a temporary file (rename/use it only after success) or buffer it (`decryptFileToBuffer`).
 * Never pipe it straight into an HTTP response or a parser whose effects cannot be undone: to
 * stream a stored file, verify it first in a pass of its own (`EncryptedStorage.open` in
 * `@mc/storage` does, and aborts the second pass if the file changed in between).
 */

export const STREAM_MAGIC = Buffer.from('MCE1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = STREAM_MAGIC.length + IV_BYTES;

/** `decryptFileToBuffer`'s default cap on plaintext size. */
export const MAX_BUFFERED_DECRYPT_BYTES = 20 * 1024 * 1024;

function aadBytes(aad: string): Buffer {
  if (typeof aad !== 'string' || aad.length === 0) throw new TypeError('aad must be a non-empty string');
  return Buffer.from(`mc:file:${aad}`, 'utf8');
}

/** Plaintext in, `MCE1 | IV | ciphertext | tag` out. */
export function createEncryptStream(dataKey: Buffer, aad: string): Transform {
  assertKey(dataKey, 'data key');
  const iv = randomBytes(IV_BYTES);
  const cipher: CipherGCM = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadBytes(aad));
  let headerSent = false;
  // Sent with the first output, or in flush for an empty file, which still gets header and tag.
  const header = (): Buffer[] => {
    if (headerSent) return [];
    headerSent = true;
    return [STREAM_MAGIC, iv];
  };

  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        callback(null, Buffer.concat([...header(), cipher.update(chunk)]));
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, Buffer.concat([...header(), cipher.final(), cipher.getAuthTag()]));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/**
 * `MCE1 | IV | ciphertext | tag` in, plaintext out; errors with `DecryptionError` on a bad header,
 * a truncated file, the wrong key or AAD, or any changed byte. See the warning above: the output
 * is trustworthy only after the stream ends without error.
 */
export function createDecryptStream(dataKey: Buffer, aad: string): Transform {
  assertKey(dataKey, 'data key');
  const additional = aadBytes(aad);
  // The decipher is made once the header (with the IV) has arrived, which may be after the
  // caller has wiped its key (a download streamed after `withKey` returned): hold a copy until
  // then, wiped as soon as the decipher has it or the stream is destroyed.
  let key: Buffer | null = ownCopy(dataKey);
  const wipeKey = () => {
    key?.fill(0);
    key = null;
  };
  let decipher: DecipherGCM | undefined;
  // Before the header is complete: header bytes so far. After: the last bytes seen, at most
  // TAG_BYTES of them, held back because they may be the tag.
  let pending: Buffer = Buffer.alloc(0);

  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      let data: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      if (!decipher) {
        if (data.length < HEADER_BYTES) {
          pending = data;
          return callback();
        }
        if (!data.subarray(0, STREAM_MAGIC.length).equals(STREAM_MAGIC)) return callback(new DecryptionError('format'));
        const iv = data.subarray(STREAM_MAGIC.length, HEADER_BYTES);
        decipher = createDecipheriv('aes-256-gcm', key!, iv, { authTagLength: TAG_BYTES });
        wipeKey();
        decipher.setAAD(additional);
        data = data.subarray(HEADER_BYTES);
      }
      const ready = data.length - TAG_BYTES;
      if (ready <= 0) {
        pending = data;
        return callback();
      }
      // Copy the held-back tail so it does not pin the whole (possibly large) incoming chunk.
      pending = Buffer.from(data.subarray(ready));
      try {
        callback(null, decipher.update(data.subarray(0, ready)));
      } catch {
        callback(new DecryptionError('authentication'));
      }
    },
    flush(callback: TransformCallback) {
      if (!decipher) return callback(new DecryptionError('format'));
      if (pending.length !== TAG_BYTES) return callback(new DecryptionError('format'));
      try {
        decipher.setAuthTag(pending);
        callback(null, decipher.final());
      } catch {
        callback(new DecryptionError('authentication'));
      }
    },
    destroy(error: Error | null, callback: (error: Error | null) => void) {
      wipeKey();
      callback(error);
    },
  });
}

export interface DecryptFileOptions {
  /** Largest plaintext accepted; default `MAX_BUFFERED_DECRYPT_BYTES` (20 MiB). */
  readonly maxBytes?: number;
}

/**
 * Decrypts a whole file into memory and returns it only after the tag has been verified, so the
 * result is trustworthy. For files up to 20 MiB (attachments are size-capped at upload); larger
 * ones fail with `DecryptionError('too-large')` before anything is read, and a file that grows
 * while being read fails too.
 */
export async function decryptFileToBuffer(
  path: string,
  dataKey: Buffer,
  aad: string,
  options: DecryptFileOptions = {},
): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_BUFFERED_DECRYPT_BYTES;
  const { size } = await stat(path);
  if (size > maxBytes + HEADER_BYTES + TAG_BYTES) throw new DecryptionError('too-large');
  const chunks: Buffer[] = [];
  let total = 0;
  await pipeline(
    createReadStream(path),
    createDecryptStream(dataKey, aad),
    async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        total += chunk.length;
        if (total > maxBytes) throw new DecryptionError('too-large');
        chunks.push(chunk);
      }
    },
  );
  return Buffer.concat(chunks, total);
}
