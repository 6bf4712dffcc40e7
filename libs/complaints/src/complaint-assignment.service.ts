import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, CASE_ROLES, User, type RequestMeta, type UserActor } from '@mc/security';
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
      // FOR SHARE: a deactivation cannot commit between this check and the assignment.
      const assignee = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_read' } });
      if (!assignee || !assignee.active || !CASE_ROLES.includes(assignee.role)) {
        throw new UnprocessableEntityException({
          message: 'The assignee must be an active caseworker, coordinator or admin',
          errors: [{ field: 'userId', message: 'Not an active user who works on cases' }],
        });
      }
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
