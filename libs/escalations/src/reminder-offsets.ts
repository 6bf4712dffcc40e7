import { Duration } from 'luxon';

/** Reminders of a step when the caller names none (domain.md): a week, two days, and on the day. */
export const DEFAULT_REMINDER_OFFSETS: readonly string[] = Object.freeze(['P7D', 'P2D', 'PT0S']);

/** Reminders of a step whose due date is a legal deadline from a rule (domain.md, playbooks). */
export const LEGAL_REMINDER_OFFSETS: readonly string[] = Object.freeze(['P14D', 'P7D', 'P2D', 'P1D']);

export const MAX_REMINDER_OFFSETS = 10;
/** Reminding more than a year ahead is planning, not reminding. */
export const MAX_REMINDER_OFFSET_MS = 366 * 24 * 3600 * 1000;

export class InvalidReminderOffsetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReminderOffsetError';
  }
}

// Days, weeks, hours, minutes and seconds only: months and years have no fixed length, and a
// reminder offset must mean the same span whatever the due date.
export const REMINDER_OFFSET_PATTERN = /^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** Offsets in use are a handful of strings; parsing each once keeps bulk scheduling cheap. */
const offsetMsCache = new Map<string, number>();

/** Milliseconds of an ISO 8601 offset such as `P7D`, `PT12H` or `PT0S`; throws on anything else. */
export function reminderOffsetMs(offset: string): number {
  const cached = offsetMsCache.get(offset);
  if (cached !== undefined) return cached;
  const ms = parseReminderOffsetMs(offset);
  if (offsetMsCache.size < 1_000) offsetMsCache.set(offset, ms);
  return ms;
}

function parseReminderOffsetMs(offset: string): number {
  if (typeof offset !== 'string' || !REMINDER_OFFSET_PATTERN.test(offset)) {
    throw new InvalidReminderOffsetError(
      'a reminder offset must be an ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. P7D, PT2H, PT0S)',
    );
  }
  const duration = Duration.fromISO(offset);
  if (!duration.isValid) throw new InvalidReminderOffsetError(`${offset} is not a valid ISO 8601 duration`);
  const ms = duration.as('milliseconds');
  if (ms > MAX_REMINDER_OFFSET_MS) throw new InvalidReminderOffsetError('a reminder offset may be at most one year');
  return ms;
}

/**
 * Checks and normalises a list of offsets: each valid, at most ten, no two of the same length
 * (`P1D` and `PT24H` would fire together); sorted from the earliest reminder to the latest.
 */
export function normaliseReminderOffsets(offsets: readonly string[]): string[] {
  if (offsets.length > MAX_REMINDER_OFFSETS) {
    throw new InvalidReminderOffsetError(`at most ${MAX_REMINDER_OFFSETS} reminder offsets`);
  }
  const byMs = new Map<number, string>();
  for (const offset of offsets) {
    const ms = reminderOffsetMs(offset);
    if (byMs.has(ms)) throw new InvalidReminderOffsetError(`reminder offsets ${byMs.get(ms)} and ${offset} coincide`);
    byMs.set(ms, offset);
  }
  return [...byMs.entries()].sort((a, b) => b[0] - a[0]).map(([, offset]) => offset);
}
