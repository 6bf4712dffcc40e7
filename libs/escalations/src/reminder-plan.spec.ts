import { describe, expect, it } from 'vitest';
import { isEmptyPlan, planReminders, type ExistingReminder } from './reminder-plan.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-06-01T10:00:00.000Z');
const at = (msFromNow: number) => new Date(NOW.getTime() + msFromNow);
const OFFSETS = ['P7D', 'P2D', 'PT0S'];

function row(
  id: string,
  offset: string,
  fireAt: Date,
  status: ExistingReminder['status'] = 'pending',
): ExistingReminder {
  return { id, offset, fireAt, status };
}

describe('planReminders', () => {
  it('inserts one pending reminder per offset whose time is ahead', () => {
    const due = at(10 * DAY);
    const plan = planReminders({ dueAt: due, offsets: OFFSETS, active: true }, [], NOW);
    expect(plan.insert).toEqual([
      { offset: 'P7D', fireAt: at(3 * DAY) },
      { offset: 'P2D', fireAt: at(8 * DAY) },
      { offset: 'PT0S', fireAt: due },
    ]);
    expect(plan.reschedule).toEqual([]);
    expect(plan.cancel).toEqual([]);
  });

  it('creates no reminder whose time has passed (or is exactly now)', () => {
    const due = at(3 * DAY);
    const plan = planReminders({ dueAt: due, offsets: ['P7D', 'P3D', 'P2D', 'PT0S'], active: true }, [], NOW);
    expect(plan.insert.map((r) => r.offset)).toEqual(['P2D', 'PT0S']);
  });

  it('plans nothing for a step due in the past', () => {
    const plan = planReminders({ dueAt: at(-DAY), offsets: OFFSETS, active: true }, [], NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('leaves rows that already match alone', () => {
    const due = at(10 * DAY);
    const existing = [row('a', 'P7D', at(3 * DAY)), row('b', 'P2D', at(8 * DAY)), row('c', 'PT0S', due)];
    const plan = planReminders({ dueAt: due, offsets: OFFSETS, active: true }, existing, NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('reschedules the same rows when the due date moves', () => {
    const existing = [row('a', 'P7D', at(3 * DAY)), row('b', 'P2D', at(8 * DAY)), row('c', 'PT0S', at(10 * DAY))];
    const due = at(20 * DAY);
    const plan = planReminders({ dueAt: due, offsets: OFFSETS, active: true }, existing, NOW);
    expect(plan.insert).toEqual([]);
    expect(plan.cancel).toEqual([]);
    expect(plan.reschedule).toEqual([
      { id: 'a', fireAt: at(13 * DAY), previous: existing[0] },
      { id: 'b', fireAt: at(18 * DAY), previous: existing[1] },
      { id: 'c', fireAt: due, previous: existing[2] },
    ]);
  });

  it('cancels a pending reminder whose time moved into the past, reschedules the others', () => {
    const existing = [row('a', 'P7D', at(3 * DAY)), row('b', 'P2D', at(8 * DAY)), row('c', 'PT0S', at(10 * DAY))];
    const due = at(5 * DAY); // P7D would now fire two days ago
    const plan = planReminders({ dueAt: due, offsets: OFFSETS, active: true }, existing, NOW);
    expect(plan.cancel).toEqual([existing[0]]);
    expect(plan.reschedule.map((r) => [r.id, r.fireAt])).toEqual([
      ['b', at(3 * DAY)],
      ['c', due],
    ]);
    expect(plan.insert).toEqual([]);
  });

  it('does not cancel an already sent reminder whose time moved into the past', () => {
    const existing = [row('a', 'P7D', at(-DAY), 'sent')];
    const plan = planReminders({ dueAt: at(3 * DAY), offsets: ['P7D'], active: true }, existing, NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('cancels pending reminders of offsets that were removed and inserts new ones', () => {
    const due = at(10 * DAY);
    const existing = [row('a', 'P7D', at(3 * DAY)), row('b', 'P2D', at(8 * DAY)), row('c', 'PT0S', due)];
    const plan = planReminders({ dueAt: due, offsets: ['P1D', 'PT0S'], active: true }, existing, NOW);
    expect(plan.cancel.map((r) => r.id).sort()).toEqual(['a', 'b']);
    expect(plan.insert).toEqual([{ offset: 'P1D', fireAt: at(9 * DAY) }]);
    expect(plan.reschedule).toEqual([]);
  });

  it('leaves sent and cancelled rows of removed offsets alone', () => {
    const due = at(10 * DAY);
    const existing = [row('a', 'P7D', at(3 * DAY), 'cancelled'), row('b', 'P9D', at(DAY), 'sent')];
    const plan = planReminders({ dueAt: due, offsets: [], active: true }, existing, NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('cancels every pending reminder of an inactive step (finished, paused target, finished complaint)', () => {
    const due = at(10 * DAY);
    const existing = [
      row('a', 'P7D', at(3 * DAY)),
      row('b', 'P2D', at(8 * DAY), 'sent'),
      row('c', 'PT0S', due),
      row('d', 'P9D', at(DAY), 'cancelled'),
    ];
    const plan = planReminders({ dueAt: due, offsets: OFFSETS, active: false }, existing, NOW);
    expect(plan.cancel.map((r) => r.id)).toEqual(['a', 'c']);
    expect(plan.insert).toEqual([]);
    expect(plan.reschedule).toEqual([]);
  });

  it('inserts nothing for an inactive step without rows', () => {
    expect(isEmptyPlan(planReminders({ dueAt: at(10 * DAY), offsets: OFFSETS, active: false }, [], NOW))).toBe(true);
  });

  it('cancels every pending reminder when the due date is removed (null)', () => {
    const existing = [row('a', 'P7D', at(3 * DAY)), row('b', 'PT0S', at(10 * DAY))];
    const plan = planReminders({ dueAt: null, offsets: OFFSETS, active: true }, existing, NOW);
    expect(plan.cancel.map((r) => r.id)).toEqual(['a', 'b']);
    expect(plan.insert).toEqual([]);
  });

  it('does not fire a reminder twice: a sent row at the same time stays sent', () => {
    const due = at(10 * DAY);
    const existing = [row('a', 'P7D', at(3 * DAY), 'sent')];
    const plan = planReminders({ dueAt: due, offsets: ['P7D'], active: true }, existing, NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('re-arms a sent reminder whose time moved into the future (a new due date earns its reminders)', () => {
    const existing = [row('a', 'P2D', at(-HOUR), 'sent')];
    const due = at(5 * DAY);
    const plan = planReminders({ dueAt: due, offsets: ['P2D'], active: true }, existing, NOW);
    expect(plan.reschedule).toEqual([{ id: 'a', fireAt: at(3 * DAY), previous: existing[0] }]);
    expect(plan.insert).toEqual([]);
    expect(plan.cancel).toEqual([]);
  });

  it('re-arms a cancelled reminder at the same time when the step is active again', () => {
    const due = at(10 * DAY);
    const existing = [row('a', 'P7D', at(3 * DAY), 'cancelled'), row('b', 'PT0S', due, 'cancelled')];
    const plan = planReminders({ dueAt: due, offsets: ['P7D', 'PT0S'], active: true }, existing, NOW);
    expect(plan.reschedule).toEqual([
      { id: 'a', fireAt: at(3 * DAY), previous: existing[0] },
      { id: 'b', fireAt: due, previous: existing[1] },
    ]);
    expect(plan.insert).toEqual([]);
  });

  it('does not re-arm a cancelled reminder whose time has passed', () => {
    const due = at(DAY);
    const existing = [row('a', 'P2D', at(-DAY), 'cancelled'), row('b', 'PT0S', due, 'cancelled')];
    const plan = planReminders({ dueAt: due, offsets: ['P2D', 'PT0S'], active: true }, existing, NOW);
    expect(plan.reschedule.map((r) => r.id)).toEqual(['b']);
    expect(plan.cancel).toEqual([]);
  });

  it('re-arms a cancelled reminder at a new time (a resumed clock shifted the target)', () => {
    const existing = [row('a', 'P2D', at(3 * DAY), 'cancelled')];
    const plan = planReminders({ dueAt: at(5 * DAY + 90_000), offsets: ['P2D'], active: true }, existing, NOW);
    expect(plan.reschedule).toEqual([{ id: 'a', fireAt: at(3 * DAY + 90_000), previous: existing[0] }]);
  });

  it('keeps a pending reminder at the same time even when its moment has just passed (its job is due)', () => {
    const existing = [row('a', 'PT0S', at(-1000))];
    const plan = planReminders({ dueAt: at(-1000), offsets: ['PT0S'], active: true }, existing, NOW);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('leaves a pending reminder that is already due (owed) when the due date moves earlier', () => {
    // P2D was due an hour ago and its job has not run yet; the target moves a day earlier.
    const existing = [row('a', 'P2D', at(-HOUR)), row('b', 'PT0S', at(2 * DAY - HOUR))];
    const plan = planReminders({ dueAt: at(DAY - HOUR), offsets: ['P2D', 'PT0S'], active: true }, existing, NOW);
    expect(plan.cancel).toEqual([]);
    expect(plan.reschedule.map((r) => r.id)).toEqual(['b']);
  });

  it('cancels a pending reminder not yet due whose new time has passed', () => {
    const existing = [row('a', 'P7D', at(HOUR))];
    const plan = planReminders({ dueAt: at(2 * DAY), offsets: ['P7D'], active: true }, existing, NOW);
    expect(plan.cancel.map((r) => r.id)).toEqual(['a']);
  });

  it('frozen (a paused internal target): cancels reminders ahead, keeps those already due', () => {
    const existing = [
      row('due', 'P2D', at(-HOUR)),
      row('ahead', 'PT0S', at(2 * DAY - HOUR)),
      row('sent', 'P7D', at(-5 * DAY), 'sent'),
    ];
    const plan = planReminders(
      { dueAt: at(2 * DAY - HOUR), offsets: ['P7D', 'P2D', 'PT0S'], active: false, frozen: true },
      existing,
      NOW,
    );
    expect(plan.cancel.map((r) => r.id)).toEqual(['ahead']);
    expect(plan.insert).toEqual([]);
    expect(plan.reschedule).toEqual([]);
  });

  it('a finished step cancels even the reminders already due', () => {
    const existing = [row('due', 'P2D', at(-HOUR)), row('ahead', 'PT0S', at(DAY))];
    const plan = planReminders({ dueAt: at(DAY), offsets: ['P2D', 'PT0S'], active: false }, existing, NOW);
    expect(plan.cancel.map((r) => r.id)).toEqual(['due', 'ahead']);
  });
});
