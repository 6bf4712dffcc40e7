import { describe, expect, it } from 'vitest';
import { planAssignment } from './complaint-assignment-plan.js';

describe('planAssignment', () => {
  it('assigns an unassigned complaint, recording that nobody had it', () => {
    const details = { assigneeId: 'u-2', previousAssigneeId: null };
    expect(planAssignment({ assigneeId: null }, 'u-2')).toEqual({
      patch: { assigneeId: 'u-2' },
      timeline: [{ type: 'complaint.assigned', data: details }],
      audit: { action: 'complaint.assign', details },
    });
  });

  it('moves a complaint from one caseworker to another, naming both', () => {
    const plan = planAssignment({ assigneeId: 'u-1' }, 'u-2');
    expect(plan?.timeline[0]?.data).toEqual({ assigneeId: 'u-2', previousAssigneeId: 'u-1' });
    expect(plan?.audit.details).toEqual({ assigneeId: 'u-2', previousAssigneeId: 'u-1' });
  });

  it('changes nothing when the complaint is theirs already', () => {
    expect(planAssignment({ assigneeId: 'u-2' }, 'u-2')).toBeNull();
  });

  it('tells no change listener (nothing downstream follows the assignee)', () => {
    const plan = planAssignment({ assigneeId: null }, 'u-2');
    expect(plan?.event).toBeUndefined();
    expect(plan?.recomputeDeadlines).toBeUndefined();
  });
});
