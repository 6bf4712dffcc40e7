import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type RequestMeta, type UserActor } from '@mc/security';
import type { ComplaintChangeEvent, ComplaintChangePlan } from './complaint-change-plan.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintCipherService } from './complaint-cipher.service.js';
import { ComplaintDeadlinesService } from './complaint-deadlines.service.js';
import { ComplaintTexts } from './complaint-texts.js';
import { assertComplaintVersion } from './complaint-version.js';
import type { ComplaintView } from './complaint-view.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { Complaint } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';

export interface LockedComplaintRequest {
  readonly id: string;
  readonly actor: UserActor;
  readonly meta?: RequestMeta;
  /** The version the client read (If-Match or `version`); absent: whatever is current. */
  readonly expectedVersion?: number;
  /** The caller's transaction, when the change is part of a larger one; else a transaction of its own. */
  readonly manager?: EntityManager;
}

/** What a planner sees: the row as locked, before the change. */
export interface LockedComplaint {
  readonly manager: EntityManager;
  readonly complaint: Complaint;
  /** One instant for the whole change: plans stamp with it, and `updatedAt` is set to it. */
  readonly now: Date;
  readonly texts: ComplaintTexts;
}

/**
 * Turns the request into a plan (pure planners do the deciding; this step may load what they
 * need, under the complaint's lock), or null when nothing changes: then nothing is written and
 * the current view is answered.
 */
export type LockedComplaintPlanner = (
  locked: LockedComplaint,
) => ComplaintChangePlan | null | Promise<ComplaintChangePlan | null>;

/**
 * The one way a service changes an existing complaint row. Every writer locks the complaint
 * first (then steps, then reminders, in the listeners), so concurrent changes of a case queue up
 * instead of deadlocking; the writes keep one order: update (version bump) → timeline events →
 * statutory deadlines → audit row → change listeners.
 */
@Injectable()
export class LockedComplaints {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    // In the order a change uses them.
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly deadlines: ComplaintDeadlinesService,
    private readonly audit: AuditService,
    private readonly listeners: ComplaintChangeListeners,
    private readonly views: ComplaintViewsService,
  ) {}

  /**
   * Locks the complaint in the actor's scope (404 otherwise), refuses a stale `expectedVersion`
   * (409 `complaint.stale-version`), applies what `planner` decided and answers the view as of
   * the end of the change, all in one transaction.
   */
  withLockedComplaint(request: LockedComplaintRequest, planner: LockedComplaintPlanner): Promise<ComplaintView> {
    const run = async (manager: EntityManager): Promise<ComplaintView> => {
      const complaint = await this.access.findInScope(manager, request.id, request.actor, { lock: true });
      assertComplaintVersion(complaint.version, request.expectedVersion);
      const locked: LockedComplaint = {
        manager,
        complaint,
        now: new Date(),
        texts: new ComplaintTexts(this.cipher, complaint),
      };
      const plan = await planner(locked);
      if (plan === null) return this.views.one(manager, complaint);
      return this.views.one(manager, await this.apply(locked, plan, request));
    };
    return request.manager ? run(request.manager) : this.db.transaction(run);
  }

  /** The writes of `plan`, in the order every writer keeps; returns the row as changed. */
  private async apply(
    { manager, complaint, now, texts }: LockedComplaint,
    plan: ComplaintChangePlan,
    { actor, meta = {} }: LockedComplaintRequest,
  ): Promise<Complaint> {
    const { id } = complaint;
    // The query builder's update also increments the @VersionColumn.
    await manager.update(Complaint, { id }, { ...plan.patch, ...texts.columns(plan.text), updatedAt: now });
    for (const event of plan.timeline) await this.timeline.record(manager, id, actor, event.type, event.data);
    const changed = await manager.findOneByOrFail(Complaint, { id });
    // Deadlines follow from the stored row, so they are recomputed from it; their timeline event
    // comes after the change's own.
    const deadlineChange = plan.recomputeDeadlines
      ? await this.deadlines.recompute(manager, changed, actor)
      : undefined;
    await this.audit.record(
      {
        actor,
        action: plan.audit.action,
        entityType: 'complaint',
        entityId: id,
        meta,
        ...(plan.audit.details !== undefined ? { details: plan.audit.details } : {}),
      },
      manager,
    );
    if (plan.event) await this.emit(manager, changed, plan.event, actor);
    if (deadlineChange?.changed) {
      await this.listeners.emitDeadlinesChanged(manager, changed, deadlineChange.deadlines, actor);
    }
    return changed;
  }

  private emit(manager: EntityManager, complaint: Complaint, event: ComplaintChangeEvent, actor: UserActor) {
    switch (event.kind) {
      case 'statusChanged':
        return this.listeners.emitStatusChanged(manager, complaint, event.from, event.to, actor);
      case 'clockPaused':
        return this.listeners.emitClockPaused(manager, complaint, actor);
      case 'clockResumed':
        return this.listeners.emitClockResumed(manager, complaint, event.pausedSeconds, actor);
    }
  }
}
