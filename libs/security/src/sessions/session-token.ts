import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'mcs_';

/** 32 random bytes; the prefix lets secret scanners recognise a leaked token. */
export function generateSessionToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function looksLikeSessionToken(token: string): boolean {
  return token.startsWith(PREFIX) && token.length === PREFIX.length + 43;
}
