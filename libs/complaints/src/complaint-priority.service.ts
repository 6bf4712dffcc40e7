import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Complaint } from './complaint.entity.js';
import { TimelineService, type TimelineActor } from './timeline.service.js';

/** Changes of a complaint's priority that other libraries make as a consequence of their own work. */
@Injectable()
export class ComplaintPriorityService {
  constructor(private readonly timeline: TimelineService) {}

  /**
   * Makes the complaint urgent (a playbook planned an urgent step), in the caller's transaction,
   * which holds the complaint's lock. The timeline says why; the version moves as with any edit.
   */
  async raiseToUrgent(
    manager: EntityManager,
    complaintId: string,
    actor: TimelineActor,
    reason: string,
    now: Date,
  ): Promise<void> {
    // The query builder's update also increments the complaint's @VersionColumn.
    await manager.update(Complaint, { id: complaintId }, { priority: 'urgent', updatedAt: now });
    await this.timeline.record(manager, complaintId, actor, 'complaint.updated', {
      fields: ['priority'],
      priority: 'urgent',
      reason,
    });
  }
}
