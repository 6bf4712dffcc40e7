/**
 * Why a decryption failed, for callers that react differently (a `format` or `authentication`
 * failure on a stored value is corruption or tampering; `unknown-key` means a master key was
 * retired while data still depended on it).
 */
export type DecryptionFailure = 'format' | 'authentication' | 'unknown-key' | 'too-large';

const MESSAGES: Record<DecryptionFailure, string> = {
  format: 'Decryption failed: malformed ciphertext',
  authentication: 'Decryption failed: wrong key, wrong context, or tampered data',
  'unknown-key': 'Decryption failed: unknown master key id',
  'too-large': 'Decryption failed: input larger than allowed',
};

/**
 * The one error every decrypt path throws. Its message is one of a few fixed strings: never the
 * plaintext, the ciphertext, a key, or the AAD (which holds row ids), so it is safe to log. The
 * underlying `node:crypto` error is deliberately not attached as `cause`.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';

  constructor(readonly reason: DecryptionFailure) {
    super(MESSAGES[reason]);
  }
}

/** Copies secret bytes into memory of their own (not Node's shared small-buffer pool), so wiping them with `fill(0)` touches nothing else. */
export function ownCopy(bytes: Buffer): Buffer {
  const copy = Buffer.alloc(bytes.length);
  bytes.copy(copy);
  return copy;
}

export const KEY_BYTES = 32;

export function assertKey(key: Buffer, what: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    // Programming or configuration error, not a decryption failure; the message names only the length.
    throw new RangeError(`${what} must be ${KEY_BYTES} bytes`);
  }
}
