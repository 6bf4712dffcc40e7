import { describe, expect, it } from 'vitest';
import { STEP_TYPES as NOTIFICATION_STEP_TYPES } from '@mc/notifications';
import {
  allowedStepTargets,
  canMoveStep,
  isOpenStepStatus,
  OPEN_STEP_STATUSES,
  STEP_STATUSES,
  STEP_TYPE_LABELS,
  STEP_TYPES,
  type StepStatus,
} from './step-types.js';

describe('step types and statuses', () => {
  it('has the five statuses of domain.md, and the step types of @mc/notifications', () => {
    // The step types' list and the test that it is the one of domain.md live in @mc/notifications.
    expect(STEP_TYPES).toBe(NOTIFICATION_STEP_TYPES);
    expect([...STEP_STATUSES]).toEqual(['planned', 'in_progress', 'done', 'skipped', 'failed']);
  });

  it('labels every step type', () => {
    expect(Object.keys(STEP_TYPE_LABELS).sort()).toEqual([...STEP_TYPES].sort());
    for (const type of STEP_TYPES) expect(STEP_TYPE_LABELS[type]).toMatch(/\S/);
  });

  it('treats planned and in_progress as open, the rest as finished', () => {
    expect([...OPEN_STEP_STATUSES]).toEqual(['planned', 'in_progress']);
    const open = STEP_STATUSES.filter((s) => isOpenStepStatus(s));
    expect(open).toEqual(['planned', 'in_progress']);
  });

  it.each<[StepStatus, StepStatus[]]>([
    ['planned', ['in_progress', 'done', 'skipped', 'failed']],
    ['in_progress', ['planned', 'done', 'skipped', 'failed']],
  ])('an open %s step may move to %j', (from, targets) => {
    expect([...allowedStepTargets(from)].sort()).toEqual([...targets].sort());
    for (const to of STEP_STATUSES) expect(canMoveStep(from, to)).toBe(targets.includes(to));
  });

  it.each<StepStatus>(['done', 'skipped', 'failed'])('a %s step is terminal: no transition leaves it', (from) => {
    expect(allowedStepTargets(from)).toEqual([]);
    for (const to of STEP_STATUSES) expect(canMoveStep(from, to)).toBe(false);
  });

  it('does not count staying in the same status as a transition', () => {
    for (const status of STEP_STATUSES) expect(canMoveStep(status, status)).toBe(false);
  });
});
