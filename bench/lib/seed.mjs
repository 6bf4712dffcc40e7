/*
 * Deterministic seed data for benchmarks. The same seed gives the same ids, names and spreads
 * (only instants are relative to "now"), so runs are comparable. Rows are valid for every
 * constraint of the schema; encrypted columns hold placeholder text (nothing decrypts them in a
 * benchmark). Everything is written with COPY.
 */
import { copyRows } from './copy.mjs';

export const DEFAULT_SEED = 0x5eed2026;

const DAY_MS = 24 * 3600 * 1000;
export { DAY_MS };

/** FNV-1a of a string, to derive a scenario's own seed from the run's seed and its name. */
export function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small seeded PRNG (sfc32) with the helpers seeding needs. */
export function createRng(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  const rng = {
    next32,
    /** Uniform in [0, 1). */
    next: () => next32() / 0x100000000,
    /** Integer in [0, n). */
    int: (n) => Math.floor(rng.next() * n),
    /** Uniform in [min, max). */
    between: (min, max) => min + rng.next() * (max - min),
    pick: (items) => items[rng.int(items.length)],
    hex: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes; i += 4) out += next32().toString(16).padStart(8, '0');
      return out.slice(0, bytes * 2);
    },
    bytes: (count) => Buffer.from(rng.hex(count), 'hex'),
    /** A version-4-shaped UUID from the generator (deterministic, unlike crypto.randomUUID). */
    uuid: () => {
      const h = rng.hex(16);
      const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
  return rng;
}

/** Active caseworkers (so a step's assignee is the one recipient of its reminders). */
export async function seedUsers(pool, rng, count, role = 'caseworker') {
  const users = Array.from({ length: count }, (_, i) => ({ id: rng.uuid(), email: `bench-${role}-${i}@bench.local` }));
  await copyRows(
    pool,
    'users',
    ['id', 'email', 'display_name', 'role', 'password_hash', 'active'],
    users.map((u, i) => [u.id, u.email, `Bench ${role} ${i}`, role, '$argon2id$bench-not-a-real-hash', true]),
  );
  return users.map((u) => u.id);
}

export async function seedEmployers(pool, rng, count) {
  const ids = [];
  function* rows() {
    for (let i = 0; i < count; i++) {
      const id = rng.uuid();
      ids.push(id);
      const name = `Bench Employer ${i} ${rng.hex(3)} GmbH`;
      yield [id, name, name.toLowerCase(), 'direct_employer', 'DE'];
    }
  }
  await copyRows(pool, 'employers', ['id', 'name', 'search_name', 'kind', 'country'], rows());
  return ids;
}

const CATEGORIES = ['unpaid_wages', 'unpaid_overtime', 'unlawful_dismissal', 'no_written_contract', 'excessive_hours'];

/**
 * Complaints with references `MC-<year>-<seq>` (and the year's reference counter set past them,
 * so the API could still create complaints in the same database).
 */
export async function seedComplaints(pool, rng, { count, employerIds, assigneeIds = [], status = 'open' }) {
  const year = new Date().getUTCFullYear();
  const complaints = [];
  function* rows() {
    for (let i = 0; i < count; i++) {
      const seq = i + 1;
      const id = rng.uuid();
      const reference = `MC-${year}-${String(seq).padStart(5, '0')}`;
      const assigneeId = assigneeIds.length > 0 ? rng.pick(assigneeIds) : null;
      complaints.push({ id, reference, assigneeId });
      yield [
        id,
        reference,
        year,
        seq,
        status,
        [rng.pick(CATEGORIES)],
        `bench-enc:${rng.hex(24)}`,
        rng.bytes(61),
        'bench',
        rng.pick(employerIds),
        'DE',
        1 + rng.int(5),
        'normal',
        'caseworker',
        assigneeId,
      ];
    }
  }
  await copyRows(
    pool,
    'complaints',
    [
      'id',
      'reference',
      'reference_year',
      'reference_seq',
      'status',
      'categories',
      'summary_enc',
      'data_key_wrapped',
      'data_key_master_id',
      'employer_id',
      'country_of_work',
      'workers_affected',
      'priority',
      'source',
      'assignee_id',
    ],
    rows(),
  );
  await pool.query(
    `INSERT INTO complaint_reference_counters (year, last_value) VALUES ($1, $2)
     ON CONFLICT (year) DO UPDATE SET last_value = GREATEST(complaint_reference_counters.last_value, EXCLUDED.last_value)`,
    [year, count],
  );
  return complaints;
}

const STEP_TYPES = ['demand_letter', 'employer_meeting', 'labour_inspectorate', 'conciliation', 'labour_court'];

/**
 * An internal-target step (no deadline rule): `due_at` = `overdue_at` = `dueAt`. Returned in the
 * shape of the `escalation_steps` columns written by `seedSteps`.
 */
export function stepRow(rng, { complaintId, position, dueAt, offsets, assigneeId = null, status = 'planned' }) {
  return {
    id: rng.uuid(),
    complaintId,
    position,
    type: rng.pick(STEP_TYPES),
    status,
    titleEnc: `bench-enc:${rng.hex(16)}`,
    dueAt,
    overdueAt: dueAt,
    reminderOffsets: offsets,
    assigneeId,
  };
}

export async function seedSteps(pool, steps) {
  return copyRows(
    pool,
    'escalation_steps',
    [
      'id',
      'complaint_id',
      'position',
      'type',
      'status',
      'title_enc',
      'due_at',
      'overdue_at',
      'reminder_offsets',
      'assignee_id',
    ],
    (function* () {
      for (const s of steps) {
        yield [
          s.id,
          s.complaintId,
          s.position,
          s.type,
          s.status,
          s.titleEnc,
          s.dueAt,
          s.overdueAt,
          s.reminderOffsets,
          s.assigneeId,
        ];
      }
    })(),
  );
}

/** Pending reminder rows `{ id, stepId, complaintId, offset, fireAt }`. */
export async function seedReminders(pool, reminders) {
  return copyRows(
    pool,
    'reminders',
    ['id', 'step_id', 'complaint_id', 'reminder_offset', 'fire_at', 'status'],
    (function* () {
      for (const r of reminders) yield [r.id, r.stepId, r.complaintId, r.offset, r.fireAt, 'pending'];
    })(),
  );
}
