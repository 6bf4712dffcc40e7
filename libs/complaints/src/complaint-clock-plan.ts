import type { ComplaintChangePlan } from './complaint-change-plan.js';
import { ComplaintError } from './complaint-errors.js';
import { isFinalStatus } from './complaint-lifecycle.js';
import type { Complaint } from './complaint.entity.js';

type ClockState = Pick<Complaint, 'status' | 'clockPausedAt' | 'clockPausedSeconds'>;

/** 409 when the complaint is closed/rejected (nothing runs any more) or the clock is already paused. */
export function planClockPause(complaint: ClockState, now: Date): ComplaintChangePlan {
  if (isFinalStatus(complaint.status)) {
    throw new ComplaintError('complaint.clock-not-running', `A ${complaint.status} complaint has no clock to pause`);
  }
  if (complaint.clockPausedAt !== null) {
    throw new ComplaintError('complaint.clock-already-paused', 'The clock is already paused');
  }
  return {
    patch: { clockPausedAt: now },
    timeline: [{ type: 'clock.paused', data: {} }],
    audit: { action: 'complaint.clock_pause' },
    event: { kind: 'clockPaused' },
  };
}

/**
 * Adds the pause's length (whole seconds; never negative, should the pause seem to start after
 * `now`) to the total; 409 when the clock is running.
 */
export function planClockResume(complaint: ClockState, now: Date): ComplaintChangePlan {
  if (complaint.clockPausedAt === null) {
    throw new ComplaintError('complaint.clock-not-paused', 'The clock is not paused');
  }
  const pausedSeconds = Math.max(0, Math.floor((now.getTime() - complaint.clockPausedAt.getTime()) / 1000));
  return {
    patch: { clockPausedAt: null, clockPausedSeconds: complaint.clockPausedSeconds + pausedSeconds },
    timeline: [{ type: 'clock.resumed', data: { pausedSeconds } }],
    audit: { action: 'complaint.clock_resume', details: { pausedSeconds } },
    event: { kind: 'clockResumed', pausedSeconds },
  };
}
