import { Injectable } from '@nestjs/common';
import type { RequestMeta, UserActor } from '@mc/security';
import { lockAssignableUser } from './case-user.js';
import { planAssignment } from './complaint-assignment-plan.js';
import type { ComplaintView } from './complaint-view.js';
import { LockedComplaints } from './locked-complaint.js';

/** Gives a complaint to a caseworker (or coordinator/admin). The route is coordinator+. */
@Injectable()
export class ComplaintAssignmentService {
  constructor(private readonly locked: LockedComplaints) {}

  /** 422 when the user does not exist, is deactivated, or has a role that does not work on cases. */
  assign(
    id: string,
    userId: string,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<ComplaintView> {
    return this.locked.withLockedComplaint({ id, actor, meta, expectedVersion }, async ({ manager, complaint }) => {
      // The user row is locked after the complaint's, as every writer does.
      const assignee = await lockAssignableUser(manager, userId, 'userId');
      return planAssignment(complaint, assignee.id);
    });
  }
}
