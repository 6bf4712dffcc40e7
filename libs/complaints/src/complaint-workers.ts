import type { EntityManager } from 'typeorm';
import { ComplaintWorker } from './complaint-links.entity.js';

/** The ids of the workers a complaint names, for other libraries (a step's immigration-risk check). */
export async function complaintWorkerIds(manager: EntityManager, complaintId: string): Promise<string[]> {
  const links = await manager.find(ComplaintWorker, { where: { complaintId }, select: { workerId: true } });
  return links.map((link) => link.workerId);
}
