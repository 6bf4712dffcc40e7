import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import canonicalize from 'canonicalize';
import { deriveSubkey } from '../crypto/subkeys.js';

/** prevHash of the first row of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AUDIT_ACTOR_TYPES = ['user', 'partner', 'system', 'public', 'bot'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export type AuditJsonValue = string | number | boolean | null | AuditJsonValue[] | { [key: string]: AuditJsonValue };

/**
 * Free-form facts of an audit row. NEVER personal data (no names, emails, phone numbers, free
 * text typed by a person): only ids, field names, enum values, counts and flags.
 */
export type AuditDetails = { [key: string]: AuditJsonValue };

/** The stored fields of an audit row that its hash covers (everything but seq and hash). */
export interface AuditHashInput {
  id: string;
  at: Date | string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  ip: string | null;
  /** A JSON object as jsonb returns it (see normaliseAuditDetails). */
  details: Record<string, unknown>;
}

/**
 * The object whose RFC 8785 canonical JSON is hashed. Decisions:
 * - `seq` is left out: it is assigned by Postgres at insert time and may have gaps (rolled back
 *   transactions consume identity values). Order is protected anyway, because every row embeds
 *   the hash of its predecessor, so moving, removing or swapping rows breaks the links.
 * - `at` is the ISO 8601 string with milliseconds. The service creates `at` in JS (millisecond
 *   precision) and inserts it, so what Postgres returns (microsecond column) is the same instant.
 * - every nullable field is present with an explicit `null`, never omitted, so a row reads back
 *   to the same payload whatever the driver does with absent values.
 * - `prevHash` is part of the payload (and also the hash prefix).
 */
export function canonicalAuditPayload(row: AuditHashInput & { prevHash: string }): Record<string, unknown> {
  return {
    id: row.id,
    at: toIsoMillis(row.at),
    actorType: row.actorType,
    actorId: row.actorId ?? null,
    action: row.action,
    entityType: row.entityType ?? null,
    entityId: row.entityId ?? null,
    requestId: row.requestId ?? null,
    ip: row.ip ?? null,
    details: row.details ?? {},
    prevHash: row.prevHash,
  };
}

/**
 * Legacy (chain version 1) hash: SHA-256 (hex) of `prevHash || canonicalJson(row without hash,
 * with this prevHash)`. Unkeyed, so anyone who can write the table can also recompute it: it is
 * kept only to verify rows written before version 2. New rows use `computeAuditHmac`.
 */
export function computeAuditHash(prevHash: string, row: AuditHashInput): string {
  const canonical = canonicalize(canonicalAuditPayload({ ...row, prevHash }));
  if (canonical === undefined) throw new Error('Audit payload cannot be canonicalised');
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}

/**
 * Chain versions. 1: unkeyed SHA-256 (`computeAuditHash`), rows written before the keyed chain.
 * 2: HMAC-SHA256 under the audit chain key (`computeAuditHmac`). A chain is zero or more v1 rows
 * followed by v2 rows only; a v1 row after a v2 row is a downgrade and fails verification.
 */
export const AUDIT_CHAIN_V1 = 1;
export const AUDIT_CHAIN_V2 = 2;
export const AUDIT_CHAIN_VERSIONS = [AUDIT_CHAIN_V1, AUDIT_CHAIN_V2] as const;
export type AuditChainVersion = (typeof AUDIT_CHAIN_VERSIONS)[number];

/** Domain prefixes of the HMAC inputs, so a row MAC can never pass for a checkpoint MAC and back. */
const ROW_MAC_PREFIX = 'mc:audit-row:v2\n';
const CHECKPOINT_MAC_PREFIX = 'mc:audit-checkpoint:v1\n';

/**
 * The two audit keys, derived with HKDF-SHA256 from the master key (which lives in the
 * environment or a key file, never in the database). Someone who can write the database but does
 * not hold the master key can neither recompute a row's MAC after an edit nor sign a checkpoint.
 * Keys sit in ES private fields; `toJSON` / `inspect` print nothing secret.
 */
export class AuditKeys {
  readonly #chainKey: Buffer;
  readonly #checkpointKey: Buffer;

  private constructor(chainKey: Buffer, checkpointKey: Buffer) {
    this.#chainKey = chainKey;
    this.#checkpointKey = checkpointKey;
  }

  static fromMasterKey(masterKey: Buffer): AuditKeys {
    return new AuditKeys(deriveSubkey(masterKey, 'auditChain'), deriveSubkey(masterKey, 'auditCheckpoint'));
  }

  /** Version-2 chain hash of a row (see `computeAuditHmac`). */
  rowMac(prevHash: string, row: AuditHashInput): string {
    return computeAuditHmac(this.#chainKey, prevHash, row);
  }

  /** Signature of a checkpoint (see `checkpointMac`). */
  signCheckpoint(checkpoint: AuditCheckpointPayload): string {
    return checkpointMac(this.#checkpointKey, checkpoint);
  }

  /** Constant-time check of a stored checkpoint signature. */
  checkpointSignatureValid(checkpoint: AuditCheckpointPayload, signature: string): boolean {
    return hexEqual(this.signCheckpoint(checkpoint), signature);
  }

  toJSON(): string {
    return 'AuditKeys';
  }

  [inspect.custom](): string {
    return 'AuditKeys {}';
  }
}

/**
 * Version-2 chain hash: HMAC-SHA256 (hex) under the chain key of
 * `"mc:audit-row:v2\n" || prevHash || canonicalJson(row without hash, with this prevHash)`.
 * Same payload as version 1; what changes is that computing it needs the key.
 */
export function computeAuditHmac(chainKey: Buffer, prevHash: string, row: AuditHashInput): string {
  const canonical = canonicalize(canonicalAuditPayload({ ...row, prevHash }));
  if (canonical === undefined) throw new Error('Audit payload cannot be canonicalised');
  return createHmac('sha256', chainKey)
    .update(ROW_MAC_PREFIX + prevHash + canonical, 'utf8')
    .digest('hex');
}

/** The hash a row of this version must carry; throws on a version this code does not know. */
export function computeAuditChainHash(keys: AuditKeys, version: number, prevHash: string, row: AuditHashInput): string {
  if (version === AUDIT_CHAIN_V1) return computeAuditHash(prevHash, row);
  if (version === AUDIT_CHAIN_V2) return keys.rowMac(prevHash, row);
  throw new RangeError(`Unknown audit chain version ${version}`);
}

/**
 * What a checkpoint signs: the head of the chain (last row) and how many rows lead up to it,
 * at a moment. Empty chain: head fields null, count 0.
 */
export interface AuditCheckpointPayload {
  id: string;
  at: Date | string;
  headSeq: string | null;
  headId: string | null;
  headHash: string | null;
  rowCount: string;
}

/** HMAC-SHA256 (hex) under the checkpoint key of the RFC 8785 canonical JSON of the checkpoint. */
export function checkpointMac(checkpointKey: Buffer, checkpoint: AuditCheckpointPayload): string {
  const canonical = canonicalize({
    id: checkpoint.id,
    at: toIsoMillis(checkpoint.at),
    headSeq: checkpoint.headSeq ?? null,
    headId: checkpoint.headId ?? null,
    headHash: checkpoint.headHash ?? null,
    rowCount: checkpoint.rowCount,
  });
  if (canonical === undefined) throw new Error('Checkpoint cannot be canonicalised');
  return createHmac('sha256', checkpointKey)
    .update(CHECKPOINT_MAC_PREFIX + canonical, 'utf8')
    .digest('hex');
}

function hexEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** One row as the chain walk sees it. */
export interface AuditChainRow extends AuditHashInput {
  seq: string;
  chainVersion: number;
  prevHash: string;
  hash: string;
  /** `at` had sub-millisecond digits in the database (which the hash cannot see). */
  subMillisecond?: boolean;
}

export type AuditChainProblem =
  /** A row's own hash does not match its content (edited, or rehashed without the key). */
  | 'hash-mismatch'
  /** A row does not point at its predecessor (a row was removed, inserted or moved). */
  | 'broken-link'
  /** A version-1 (unkeyed) row after a version-2 row, or a version this code does not know. */
  | 'bad-version'
  /** The newest checkpoint's head row is no longer in the chain, and fewer rows are: rows were cut off. */
  | 'truncated'
  /** The newest checkpoint's head row is gone or differs, though the rows are not fewer: the chain was rewritten. */
  | 'rewritten'
  /** The newest checkpoint's signature is wrong (forged or edited checkpoint). */
  | 'checkpoint-forged';

/** A stored checkpoint, as the walk checks it. */
export interface AuditStoredCheckpoint extends AuditCheckpointPayload {
  signature: string;
}

export interface AuditChainWalkResult {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  problem: AuditChainProblem | null;
  /** Rows of version 1 (before the keyed chain). */
  legacyRows: number;
}

/**
 * Incremental chain verification, fed rows in seq order, so the service can stream batches and
 * the rules stay a pure function. `feed` returns false once the chain is broken.
 */
export class AuditChainWalker {
  #expectedPrev = AUDIT_GENESIS_HASH;
  #checked = 0;
  #legacy = 0;
  #seenV2 = false;
  #broken: { id: string | null; problem: AuditChainProblem } | null = null;
  #checkpointHeadReached = false;

  constructor(
    private readonly keys: AuditKeys,
    private readonly checkpoint: AuditStoredCheckpoint | null,
  ) {
    if (checkpoint && !keys.checkpointSignatureValid(checkpoint, checkpoint.signature)) {
      this.#broken = { id: null, problem: 'checkpoint-forged' };
    }
  }

  get broken(): boolean {
    return this.#broken !== null;
  }

  feed(row: AuditChainRow): boolean {
    if (this.#broken) return false;
    this.#checked++;
    const fail = (problem: AuditChainProblem) => {
      this.#broken = { id: row.id, problem };
      return false;
    };
    if (row.chainVersion === AUDIT_CHAIN_V1) {
      if (this.#seenV2) return fail('bad-version');
      this.#legacy++;
    } else if (row.chainVersion === AUDIT_CHAIN_V2) {
      this.#seenV2 = true;
    } else {
      return fail('bad-version');
    }
    if (row.prevHash !== this.#expectedPrev) return fail('broken-link');
    // `subMillisecond`: the hash covers `at` in milliseconds, so a microsecond edit must be caught here.
    if (
      row.subMillisecond ||
      !hexEqual(computeAuditChainHash(this.keys, row.chainVersion, row.prevHash, row), row.hash)
    ) {
      return fail('hash-mismatch');
    }
    const cp = this.checkpoint;
    if (cp?.headId != null && !this.#checkpointHeadReached && BigInt(row.seq) >= BigInt(cp.headSeq ?? '0')) {
      // The first row at or past the checkpoint's head must be that very row, at the count signed.
      if (
        row.seq !== cp.headSeq ||
        row.id !== cp.headId ||
        row.hash !== cp.headHash ||
        String(this.#checked) !== cp.rowCount
      ) {
        return fail('rewritten');
      }
      this.#checkpointHeadReached = true;
    }
    this.#expectedPrev = row.hash;
    return true;
  }

  result(): AuditChainWalkResult {
    if (!this.#broken && this.checkpoint?.headId != null && !this.#checkpointHeadReached) {
      const problem = BigInt(this.#checked) < BigInt(this.checkpoint.rowCount) ? 'truncated' : 'rewritten';
      this.#broken = { id: null, problem };
    }
    return {
      ok: this.#broken === null,
      checked: this.#checked,
      firstBrokenId: this.#broken?.id ?? null,
      problem: this.#broken?.problem ?? null,
      legacyRows: this.#legacy,
    };
  }
}

/**
 * `details` exactly as it will read back from the jsonb column: a JSON round trip drops
 * undefined values and functions and turns Dates into strings, so the hash computed before the
 * insert equals the one recomputed from the stored row.
 */
export function normaliseAuditDetails(details: unknown): AuditDetails {
  if (details === undefined || details === null) return {};
  const json = JSON.stringify(details);
  const value: unknown = json === undefined ? {} : JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('Audit details must be a JSON object');
  }
  // Fails early on what jsonb (NUL characters) or RFC 8785 (lone surrogates) cannot hold.
  if (containsNul(value)) throw new TypeError('Audit details may not contain NUL characters');
  canonicalize(value);
  return value as AuditDetails;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, v]) => key.includes('\0') || containsNul(v));
  }
  return false;
}

function toIsoMillis(at: Date | string): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new TypeError('Audit timestamp is not a valid date');
  return date.toISOString();
}

/** Opaque list cursor: base64url of the seq of the last row of a page. */
export function encodeAuditCursor(seq: string): string {
  return Buffer.from(seq, 'utf8').toString('base64url');
}

/** The seq a cursor points at, or null when it is not one of ours. */
export function decodeAuditCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,18}$/.test(seq)) return null;
  // bigint range
  if (BigInt(seq) > 9_223_372_036_854_775_807n) return null;
  return seq;
}
