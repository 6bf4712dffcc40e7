import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, type RequestMeta, type UserActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { isFinalStatus } from './complaint-lifecycle.js';
import { assertComplaintVersion } from './complaint-version.js';
import type { ComplaintView } from './complaint-view.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { Complaint } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';

/**
 * The complaint's clock: paused while the collective waits on the worker (documents, travel).
 * Internal targets shift by the total paused time (`clock_paused_seconds` plus the running
 * pause); legal deadlines never move. That shifting is the deadline engine's job; this service
 * only keeps the clock's state.
 */
@Injectable()
export class ComplaintClockService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly views: ComplaintViewsService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly listeners: ComplaintChangeListeners,
  ) {}

  /** 409 when already paused or when the complaint is closed/rejected (nothing runs any more). */
  pause(id: string, actor: UserActor, meta: RequestMeta = {}, expectedVersion?: number): Promise<ComplaintView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, id, actor, { lock: true });
      assertComplaintVersion(complaint.version, expectedVersion);
      if (isFinalStatus(complaint.status)) {
        throw new ComplaintError(
          'complaint.clock-not-running',
          `A ${complaint.status} complaint has no clock to pause`,
        );
      }
      if (complaint.clockPausedAt !== null)
        throw new ComplaintError('complaint.clock-already-paused', 'The clock is already paused');
      const now = new Date();
      await manager.update(Complaint, { id }, { clockPausedAt: now, updatedAt: now });
      await this.timeline.record(manager, id, actor, 'clock.paused', {});
      await this.audit.record(
        { actor, action: 'complaint.clock_pause', entityType: 'complaint', entityId: id, meta },
        manager,
      );
      const paused = await manager.findOneByOrFail(Complaint, { id });
      await this.listeners.emitClockPaused(manager, paused, actor);
      return this.views.one(manager, paused);
    });
  }

  /** Adds the pause's length to the total; 409 when the clock is running. */
  resume(id: string, actor: UserActor, meta: RequestMeta = {}, expectedVersion?: number): Promise<ComplaintView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, id, actor, { lock: true });
      assertComplaintVersion(complaint.version, expectedVersion);
      if (complaint.clockPausedAt === null)
        throw new ComplaintError('complaint.clock-not-paused', 'The clock is not paused');
      const now = new Date();
      const pausedSeconds = Math.max(0, Math.floor((now.getTime() - complaint.clockPausedAt.getTime()) / 1000));
      await manager.update(
        Complaint,
        { id },
        { clockPausedAt: null, clockPausedSeconds: complaint.clockPausedSeconds + pausedSeconds, updatedAt: now },
      );
      await this.timeline.record(manager, id, actor, 'clock.resumed', { pausedSeconds });
      await this.audit.record(
        {
          actor,
          action: 'complaint.clock_resume',
          entityType: 'complaint',
          entityId: id,
          meta,
          details: { pausedSeconds },
        },
        manager,
      );
      const resumed = await manager.findOneByOrFail(Complaint, { id });
      await this.listeners.emitClockResumed(manager, resumed, pausedSeconds, actor);
      return this.views.one(manager, resumed);
    });
  }
}
