import { Injectable } from '@nestjs/common';
import type { RequestMeta, UserActor } from '@mc/security';
import { planClockPause, planClockResume } from './complaint-clock-plan.js';
import type { ComplaintView } from './complaint-view.js';
import { LockedComplaints } from './locked-complaint.js';

/**
 * The complaint's clock: paused while the collective waits on the worker (documents, travel).
 * Internal targets shift by the total paused time (`clock_paused_seconds` plus the running
 * pause); legal deadlines never move. That shifting is the deadline engine's job; this service
 * only keeps the clock's state (the rules are `planClockPause`'s and `planClockResume`'s).
 */
@Injectable()
export class ComplaintClockService {
  constructor(private readonly locked: LockedComplaints) {}

  /** 409 when already paused or when the complaint is closed/rejected (nothing runs any more). */
  pause(id: string, actor: UserActor, meta: RequestMeta = {}, expectedVersion?: number): Promise<ComplaintView> {
    return this.locked.withLockedComplaint({ id, actor, meta, expectedVersion }, ({ complaint, now }) =>
      planClockPause(complaint, now),
    );
  }

  /** Adds the pause's length to the total; 409 when the clock is running. */
  resume(id: string, actor: UserActor, meta: RequestMeta = {}, expectedVersion?: number): Promise<ComplaintView> {
    return this.locked.withLockedComplaint({ id, actor, meta, expectedVersion }, ({ complaint, now }) =>
      planClockResume(complaint, now),
    );
  }
}
