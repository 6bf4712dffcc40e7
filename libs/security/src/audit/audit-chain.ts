import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** prevHash of the first row of the chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AUDIT_ACTOR_TYPES = ['user', 'partner', 'system', 'public'] as const;
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

/** SHA-256 (hex) of `prevHash || canonicalJson(row without hash, with this prevHash)`. */
export function computeAuditHash(prevHash: string, row: AuditHashInput): string {
  const canonical = canonicalize(canonicalAuditPayload({ ...row, prevHash }));
  if (canonical === undefined) throw new Error('Audit payload cannot be canonicalised');
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
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
