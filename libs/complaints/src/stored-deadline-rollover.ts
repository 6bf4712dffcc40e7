import type { EntityManager } from 'typeorm';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import type { StoredRolledOverDay } from './complaint-view.js';

/**
 * The days the complaint's stored deadline of `ruleId` rolled past, when it ends on `dueDate`
 * (a reminder of a legal step says why its last day is that day). Empty when the stored deadline
 * did not roll, ends on another day (the step was moved by hand) or does not exist.
 */
export async function storedRollOver(
  manager: EntityManager,
  complaintId: string,
  ruleId: string,
  dueDate: string,
): Promise<StoredRolledOverDay[]> {
  const row = await manager.findOne(ComplaintDeadline, {
    where: { complaintId, ruleId },
    select: { id: true, dueDate: true, rolledOver: true },
  });
  return row !== null && row.dueDate === dueDate ? row.rolledOver : [];
}
