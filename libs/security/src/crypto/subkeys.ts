import { hkdfSync } from 'node:crypto';
import { assertKey } from './errors.js';

/**
 * Every key the application derives from the master key, by purpose. One table, so no two uses
 * share a label (and so a key), and a label is never renamed: renaming one changes its key and
 * makes what it protected unreadable or unverifiable.
 */
export const SUBKEY_PURPOSES = Object.freeze({
  systemFields: 'mc:system-fields:v1',
  blindIndex: 'mc:blind-index:v1',
  idempotencyRequest: 'mc:idempotency-request:v1',
  auditChain: 'mc:audit-chain:v2',
  auditCheckpoint: 'mc:audit-checkpoint:v1',
  queueBoardCookie: 'mc:queue-board-cookie:v1',
  rateLimitKey: 'mc:rate-limit-key:v1',
} as const);

export type SubkeyPurpose = keyof typeof SUBKEY_PURPOSES;

/** A 32-byte key for one purpose: HKDF-SHA256 of the master key (empty salt: the input is already uniformly random). */
export function deriveSubkey(masterKey: Buffer, purpose: SubkeyPurpose): Buffer {
  assertKey(masterKey, 'master key');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), SUBKEY_PURPOSES[purpose], 32));
}
