import { describe, expect, it } from 'vitest';
import { planClockPause, planClockResume } from './complaint-clock-plan.js';
import { COMPLAINT_STATUSES, type ComplaintStatus } from './complaint.entity.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const running = { status: 'open' as ComplaintStatus, clockPausedAt: null, clockPausedSeconds: 100 };
const paused = { ...running, clockPausedAt: new Date('2026-03-01T11:58:29.400Z') };

describe('planClockPause', () => {
  it('stops the clock at now and tells the clock listeners', () => {
    expect(planClockPause(running, now)).toEqual({
      patch: { clockPausedAt: now },
      timeline: [{ type: 'clock.paused', data: {} }],
      audit: { action: 'complaint.clock_pause' },
      event: { kind: 'clockPaused' },
    });
  });

  for (const status of COMPLAINT_STATUSES) {
    const final = status === 'closed' || status === 'rejected';
    it(`${final ? 'refuses' : 'allows'} a pause of a ${status} complaint`, () => {
      const plan = () => planClockPause({ ...running, status }, now);
      if (final) expect(plan).toThrow(expect.objectContaining({ code: 'complaint.clock-not-running' }));
      else expect(plan).not.toThrow();
    });
  }

  it('refuses a second pause', () => {
    expect(() => planClockPause(paused, now)).toThrow(
      expect.objectContaining({ code: 'complaint.clock-already-paused', message: 'The clock is already paused' }),
    );
  });

  it('names a final status before a running pause', () => {
    expect(() => planClockPause({ ...paused, status: 'closed' }, now)).toThrow(
      expect.objectContaining({
        code: 'complaint.clock-not-running',
        message: 'A closed complaint has no clock to pause',
      }),
    );
  });
});

describe('planClockResume', () => {
  it('adds the whole seconds of the pause to the total', () => {
    expect(planClockResume(paused, now)).toEqual({
      patch: { clockPausedAt: null, clockPausedSeconds: 190 },
      timeline: [{ type: 'clock.resumed', data: { pausedSeconds: 90 } }],
      audit: { action: 'complaint.clock_resume', details: { pausedSeconds: 90 } },
      event: { kind: 'clockResumed', pausedSeconds: 90 },
    });
  });

  it('counts a pause that seems to start after now as zero seconds', () => {
    const plan = planClockResume({ ...running, clockPausedAt: new Date(now.getTime() + 5000) }, now);
    expect(plan.patch.clockPausedSeconds).toBe(100);
    expect(plan.event).toEqual({ kind: 'clockResumed', pausedSeconds: 0 });
  });

  it('resumes a closed complaint paused before it closed (only pausing is refused there)', () => {
    expect(() => planClockResume({ ...paused, status: 'closed' }, now)).not.toThrow();
  });

  it('refuses when the clock runs', () => {
    expect(() => planClockResume(running, now)).toThrow(
      expect.objectContaining({ code: 'complaint.clock-not-paused', message: 'The clock is not paused' }),
    );
  });
});
