import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { fileTypeFromBuffer } from 'file-type';

/** Largest attachment accepted (api.md): 20 MiB. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types sniffed from the content that may be stored. Everything else is refused (415). */
export const ALLOWED_ATTACHMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  // HEIF with the `mif1` brand: what some phones write for the same photos.
  'image/heif',
  'image/webp',
  'text/plain',
] as const;
export type AttachmentContentType = (typeof ALLOWED_ATTACHMENT_TYPES)[number];

/** Bytes file-type needs to recognise every format it knows. */
const SNIFF_BYTES = 4100;

/**
 * Watches an upload as it streams past (to the cipher and the disk) without holding it: counts
 * the bytes, keeps the first few KiB for sniffing, and checks whether the whole content is
 * UTF-8 text without NUL bytes (file-type cannot recognise plain text; it has no magic number).
 */
export class AttachmentInspector extends Transform {
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private decoder: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
  size = 0;

  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  /** Meaningful once the stream has ended. */
  get isText(): boolean {
    return this.decoder !== null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    if (this.decoder) {
      try {
        if (chunk.includes(0)) this.decoder = null;
        else this.decoder.decode(chunk, { stream: true });
      } catch {
        this.decoder = null;
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      // Fails on a multi-byte sequence cut off at the end.
      this.decoder?.decode();
    } catch {
      this.decoder = null;
    }
    callback();
  }
}

/** The stored content type, or null when the content is not one of the allowed kinds. */
export async function sniffAttachmentType(head: Buffer, isText: boolean): Promise<AttachmentContentType | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    return (ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(detected.mime)
      ? (detected.mime as AttachmentContentType)
      : null;
  }
  return isText ? 'text/plain' : null;
}

/**
 * A file name fit to store and to send back in Content-Disposition: the last path segment,
 * without control characters, at most 200 characters; a fallback when nothing is left.
 */
export function cleanAttachmentFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return Array.from(cleaned).slice(0, 200).join('') || 'attachment';
}
