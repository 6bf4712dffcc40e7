import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EmployerReferenceCounts, EmployerReferenceMover } from '@mc/employers';
import type { UserActor } from '@mc/security';
import { TimelineService } from './timeline.service.js';

/** UPDATE/DELETE through TypeORM's `query()` answer `[rows, rowCount]`. */
type WriteResult<T> = [T[], number];

/**
 * The complaints' side of an employer merge: complaints and intermediary links that named the
 * merged employer name its target, each complaint gets a timeline event. Run inside the merge's
 * transaction (EmployersService.merge takes `moverFor(actor)`), so this library alone writes
 * its tables and the whole merge still commits or rolls back at once.
 */
@Injectable()
export class ComplaintEmployerReferences {
  constructor(private readonly timeline: TimelineService) {}

  moverFor(actor: UserActor): EmployerReferenceMover {
    return (manager, sourceId, targetId) => this.move(manager, sourceId, targetId, actor);
  }

  private async move(
    manager: EntityManager,
    sourceId: string,
    targetId: string,
    actor: UserActor,
  ): Promise<EmployerReferenceCounts> {
    const movedComplaints = await this.moveComplaints(manager, sourceId, targetId);
    const intermediaries = await this.moveIntermediaries(manager, sourceId, targetId);
    const events = [
      ...movedComplaints.map((complaintId) => ({ complaintId, role: 'employer' })),
      ...intermediaries.complaintIds
        .filter((complaintId) => !movedComplaints.includes(complaintId))
        .map((complaintId) => ({ complaintId, role: 'intermediary' })),
    ];
    for (const event of events) {
      await this.timeline.record(manager, event.complaintId, actor, 'employer.merged', {
        fromEmployerId: sourceId,
        toEmployerId: targetId,
        role: event.role,
      });
    }
    return {
      complaintsMoved: movedComplaints.length,
      intermediaryLinksMoved: intermediaries.moved,
      intermediaryLinksRemoved: intermediaries.removed,
    };
  }

  /** The complaints against the source now name the target; each is a change of the complaint (version bump). */
  private async moveComplaints(manager: EntityManager, sourceId: string, targetId: string): Promise<string[]> {
    const [rows] = (await manager.query(
      `UPDATE complaints SET employer_id = $2, version = version + 1, updated_at = now()
        WHERE employer_id = $1 RETURNING id`,
      [sourceId, targetId],
    )) as WriteResult<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /**
   * Intermediary links of the source move to the target, except where the complaint already
   * has the target as intermediary (the primary key would repeat) or as its own employer (an
   * employer is not its own intermediary); those links are removed. A complaint that named
   * the source as employer and the target as intermediary loses that link too.
   */
  private async moveIntermediaries(
    manager: EntityManager,
    sourceId: string,
    targetId: string,
  ): Promise<{ moved: number; removed: number; complaintIds: string[] }> {
    const [dropped] = (await manager.query(
      `DELETE FROM complaint_intermediaries ci
        WHERE ci.employer_id = $1
          AND (EXISTS (SELECT 1 FROM complaint_intermediaries t
                        WHERE t.complaint_id = ci.complaint_id AND t.employer_id = $2)
               OR EXISTS (SELECT 1 FROM complaints c WHERE c.id = ci.complaint_id AND c.employer_id = $2))
        RETURNING ci.complaint_id`,
      [sourceId, targetId],
    )) as WriteResult<{ complaint_id: string }>;
    const [moved] = (await manager.query(
      `UPDATE complaint_intermediaries SET employer_id = $2 WHERE employer_id = $1 RETURNING complaint_id`,
      [sourceId, targetId],
    )) as WriteResult<{ complaint_id: string }>;
    const [selfLinks] = (await manager.query(
      `DELETE FROM complaint_intermediaries ci USING complaints c
        WHERE ci.complaint_id = c.id AND c.employer_id = $1 AND ci.employer_id = $1
        RETURNING ci.complaint_id`,
      [targetId],
    )) as WriteResult<{ complaint_id: string }>;
    const complaintIds = [...new Set([...dropped, ...moved].map((r) => r.complaint_id))];
    return { moved: moved.length, removed: dropped.length + selfLinks.length, complaintIds };
  }
}
