import type { ComplaintChangePlan } from './complaint-change-plan.js';
import type { Complaint } from './complaint.entity.js';

/**
 * Gives the complaint to `assigneeId` (already checked to be assignable); null when it is theirs
 * already, so a repeated request writes nothing and leaves the version alone.
 */
export function planAssignment(
  complaint: Pick<Complaint, 'assigneeId'>,
  assigneeId: string,
): ComplaintChangePlan | null {
  if (complaint.assigneeId === assigneeId) return null;
  const details = { assigneeId, previousAssigneeId: complaint.assigneeId };
  return {
    patch: { assigneeId },
    timeline: [{ type: 'complaint.assigned', data: details }],
    audit: { action: 'complaint.assign', details },
  };
}
