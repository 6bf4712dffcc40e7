import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Status tokens: 140 random bits written as 28 Crockford base32 characters in groups of four
 * (`7F3K-9QXD-…`). Base32 because a person copies it from a screen to paper and types it on a
 * phone: no lower case, and the letters people mix up (O/0, I/L/1) read the same. Only the
 * SHA-256 of the normalised token is stored.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHARACTERS = 28;

export function newStatusToken(): string {
  const bytes = randomBytes(CHARACTERS);
  let token = '';
  // 28 bytes, 5 bits taken from each: the token carries 140 bits of randomness.
  for (let i = 0; i < CHARACTERS; i++) token += ALPHABET[bytes[i]! & 31];
  return token.match(/.{4}/g)!.join('-');
}

/** The token as typed, made comparable: case, spaces and dashes ignored, look-alikes folded. */
export function normaliseStatusToken(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function statusTokenHash(token: string): Buffer {
  return createHash('sha256').update(normaliseStatusToken(token), 'utf8').digest();
}

/** A hash no token has, compared against when the reference is unknown, so both cost the same. */
const NO_TOKEN = createHash('sha256').update('no status token', 'utf8').digest();

/** Constant-time: the time does not tell how much of the token matched, or whether any row existed. */
export function statusTokenMatches(typed: string, storedHash: Buffer | null): boolean {
  const typedHash = statusTokenHash(typed.slice(0, 64));
  const equal = timingSafeEqual(typedHash, storedHash ?? NO_TOKEN);
  return equal && storedHash !== null;
}
