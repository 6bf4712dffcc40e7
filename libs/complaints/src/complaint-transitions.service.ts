import { Injectable } from '@nestjs/common';
import type { RequestMeta, UserActor } from '@mc/security';
import type { TransitionRequest } from './complaint-lifecycle.js';
import { planStatusChange } from './complaint-transition-plan.js';
import type { ComplaintView } from './complaint-view.js';
import { LockedComplaints } from './locked-complaint.js';

/** Moves a complaint along its lifecycle; the rules are `planTransition`'s, this service applies them. */
@Injectable()
export class ComplaintTransitionsService {
  constructor(private readonly locked: LockedComplaints) {}

  /**
   * 409 with `allowed` for a target the lifecycle does not allow from here (or a stale version),
   * 422 with `errors` when the target needs a reason, an outcome or a recovered amount.
   */
  transition(
    id: string,
    request: TransitionRequest,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<ComplaintView> {
    return this.locked.withLockedComplaint({ id, actor, meta, expectedVersion }, ({ complaint, now }) =>
      planStatusChange(complaint, request, now),
    );
  }
}
