import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, type RequestMeta, type UserActor } from '@mc/security';
import { lockAssignableUser } from './case-user.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { assertComplaintVersion } from './complaint-version.js';
import type { ComplaintView } from './complaint-view.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { Complaint } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';

/** Gives a complaint to a caseworker (or coordinator/admin). The route is coordinator+. */
@Injectable()
export class ComplaintAssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly views: ComplaintViewsService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
  ) {}

  /** 422 when the user does not exist, is deactivated, or has a role that does not work on cases. */
  async assign(
    id: string,
    userId: string,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<ComplaintView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, id, actor, { lock: true });
      assertComplaintVersion(complaint.version, expectedVersion);
      const assignee = await lockAssignableUser(manager, userId, 'userId');
      if (complaint.assigneeId === assignee.id) return this.views.one(manager, complaint);

      await manager.update(Complaint, { id }, { assigneeId: assignee.id, updatedAt: new Date() });
      await this.timeline.record(manager, id, actor, 'complaint.assigned', {
        assigneeId: assignee.id,
        previousAssigneeId: complaint.assigneeId,
      });
      await this.audit.record(
        {
          actor,
          action: 'complaint.assign',
          entityType: 'complaint',
          entityId: id,
          meta,
          details: { assigneeId: assignee.id, previousAssigneeId: complaint.assigneeId },
        },
        manager,
      );
      return this.views.one(manager, await manager.findOneByOrFail(Complaint, { id }));
    });
  }
}
