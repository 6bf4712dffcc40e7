import { reminderOffsetMs } from './reminder-offsets.js';
import type { ReminderStatus } from './reminder.entity.js';

export interface ExistingReminder {
  readonly id: string;
  readonly offset: string;
  readonly fireAt: Date;
  readonly status: ReminderStatus;
}

export interface ReminderTarget {
  /** The instant reminders count back from; null: the step has no due date (nothing to remind of). */
  readonly dueAt: Date | null;
  readonly offsets: readonly string[];
  /** False when nothing should fire: a finished step, a finished complaint, a paused internal target. */
  readonly active: boolean;
  /**
   * Inactive only for now (an internal target while the clock is paused): reminders whose time
   * has already come are still owed and stay pending; only those ahead are cancelled.
   */
  readonly frozen?: boolean;
}

export interface ReminderPlan {
  /** New rows (pending). */
  readonly insert: { offset: string; fireAt: Date }[];
  /** Rows that become pending at a new time (a moved due date, or a re-armed offset). */
  readonly reschedule: { id: string; fireAt: Date; previous: ExistingReminder }[];
  /** Pending rows that will not fire any more. */
  readonly cancel: ExistingReminder[];
}

function isAhead(row: ExistingReminder, now: Date): boolean {
  return row.fireAt.getTime() > now.getTime();
}

function sameInstant(a: Date, b: Date): boolean {
  return a.getTime() === b.getTime();
}

/**
 * What must change in a step's reminder rows so that exactly one pending row exists per offset
 * whose time is still ahead. Pure: the caller writes the rows and moves the jobs.
 * - A reminder whose time has passed is never created (it would fire at once, for a date the
 *   caseworker just entered); a pending one not yet due whose time moved into the past is
 *   cancelled; a pending one already due is owed and left to fire (also through a pause).
 * - A sent or cancelled reminder whose time moves into the future again is re-armed: a new due
 *   date earns its own reminders. One already sent for the same time is left alone (fires once).
 */
export function planReminders(target: ReminderTarget, existing: readonly ExistingReminder[], now: Date): ReminderPlan {
  const plan: ReminderPlan = { insert: [], reschedule: [], cancel: [] };
  const byOffset = new Map(existing.map((row) => [row.offset, row]));
  const wanted = new Set<string>();
  if (target.active && target.dueAt !== null) {
    for (const offset of target.offsets) {
      wanted.add(offset);
      const fireAt = new Date(target.dueAt.getTime() - reminderOffsetMs(offset));
      const ahead = fireAt.getTime() > now.getTime();
      const row = byOffset.get(offset);
      if (!row) {
        if (ahead) plan.insert.push({ offset, fireAt });
        continue;
      }
      if (sameInstant(row.fireAt, fireAt)) {
        // Same time: a pending row stays; a cancelled one (a pause, a finished step reopened) comes back.
        if (row.status === 'cancelled' && ahead) plan.reschedule.push({ id: row.id, fireAt, previous: row });
        continue;
      }
      if (ahead) plan.reschedule.push({ id: row.id, fireAt, previous: row });
      else if (row.status === 'pending' && isAhead(row, now)) plan.cancel.push(row);
      // A pending row whose time has come already is owed: its job fires it (or the sweep restores it).
    }
  }
  for (const row of existing) {
    if (row.status !== 'pending' || wanted.has(row.offset)) continue;
    if (target.frozen && !isAhead(row, now)) continue;
    plan.cancel.push(row);
  }
  return plan;
}

export function isEmptyPlan(plan: ReminderPlan): boolean {
  return plan.insert.length === 0 && plan.reschedule.length === 0 && plan.cancel.length === 0;
}
