import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, assertKey } from './errors.js';

/*
 * Field encryption: AES-256-GCM with a person's data key, a fresh random 12-byte IV per value and
 * a 16-byte tag. The AAD `table:column:rowId` ties a ciphertext to its cell: copied to another
 * row or column it fails to decrypt instead of showing one person's data as another's.
 *
 * Stored as text: `v1.<iv>.<ciphertext>.<tag>`, each part base64url without padding. The version
 * prefix leaves room for a later format. What stays visible: whether a field is null and the
 * plaintext length (GCM does not pad), which a dump reader can see; both are accepted.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface FieldAad {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

function aadBytes({ table, column, rowId }: FieldAad): Buffer {
  // No ':' in table or column, so `a:b:c` has one reading and two different cells never share an AAD.
  for (const [name, part] of [
    ['table', table],
    ['column', column],
  ] as const) {
    if (typeof part !== 'string' || part.length === 0 || part.includes(':')) {
      throw new TypeError(`aad.${name} must be a non-empty string without ':'`);
    }
  }
  if (typeof rowId !== 'string' || rowId.length === 0) throw new TypeError('aad.rowId must be a non-empty string');
  return Buffer.from(`${table}:${column}:${rowId}`, 'utf8');
}

export function encryptField(dataKey: Buffer, plaintext: string, aad: FieldAad): string {
  assertKey(dataKey, 'data key');
  if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadBytes(aad));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}.${tag.toString('base64url')}`;
}

/** Strict base64url: Node's decoder ignores junk and spare bits, so re-encode and compare to accept exactly one spelling. */
function decodePart(part: string): Buffer {
  if (!BASE64URL.test(part)) throw new DecryptionError('format');
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) throw new DecryptionError('format');
  return bytes;
}

/** True when `value` has the shape of an encrypted field (says nothing about whether it decrypts). */
export function isEncryptedField(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(VERSION + '.') && value.split('.').length === 4;
}

/** Throws `DecryptionError` on a malformed value, the wrong key, the wrong cell (AAD), or tampering. */
export function decryptField(dataKey: Buffer, value: string, aad: FieldAad): string {
  assertKey(dataKey, 'data key');
  const additional = aadBytes(aad);
  if (typeof value !== 'string') throw new DecryptionError('format');
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError('format');
  const iv = decodePart(parts[1]!);
  const body = decodePart(parts[2]!);
  const tag = decodePart(parts[3]!);
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('format');
  let plain: Buffer;
  try {
    // authTagLength pins the tag size: without it GCM would accept a truncated (weaker) tag.
    const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additional);
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError('authentication');
  }
  return plain.toString('utf8');
}

/** For small structured values (a consent record, a list of contact channels). */
export function encryptJson(dataKey: Buffer, value: unknown, aad: FieldAad): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value is not JSON-serialisable');
  return encryptField(dataKey, json, aad);
}

/** The parsed value; the type parameter is not checked at run time, validate if it matters. */
export function decryptJson<T = unknown>(dataKey: Buffer, value: string, aad: FieldAad): T {
  const json = decryptField(dataKey, value, aad);
  try {
    return JSON.parse(json) as T;
  } catch {
    // Authentic but not JSON: written by encryptField, not encryptJson. Fixed message, no content.
    throw new DecryptionError('format');
  }
}

/** Null for null/undefined, so nullable columns stay null; an empty string is encrypted like any other. */
export function encryptOptional(dataKey: Buffer, plaintext: string | null | undefined, aad: FieldAad): string | null {
  return plaintext == null ? null : encryptField(dataKey, plaintext, aad);
}

export function decryptOptional(dataKey: Buffer, value: string | null | undefined, aad: FieldAad): string | null {
  return value == null ? null : decryptField(dataKey, value, aad);
}
