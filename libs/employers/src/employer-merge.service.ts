import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import { AuditService, RecordNotFoundError, type RequestMeta, type UserActor } from '@mc/security';
import { EmployerError } from './employer-errors.js';
import { employerAliasesRepository } from './employer-aliases.repository.js';
import { employerHierarchy } from './employer-hierarchy.js';
import type { MergeCounts } from './employer-view.js';

/** UPDATE/DELETE through TypeORM's `query()` answer `[rows, rowCount]`. */
type WriteResult<T> = [T[], number];

interface LockedEmployer {
  id: string;
  name: string;
  parent_employer_id: string | null;
  merged_into_id: string | null;
}

/**
 * Folds a duplicate employer (source) into the one that stays (target), in one transaction.
 *
 * Deliberate writes to tables the complaints library owns (`complaints.employer_id`,
 * `complaint_intermediaries`, `timeline_events`): the move must commit atomically with the
 * merge, and the complaints library depends on this one, so it cannot be called from here
 * without a cycle. The writes touch only ids, versions and timeline rows with ids in `data`.
 */
@Injectable()
export class EmployerMergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async merge(targetId: string, sourceId: string, actor: UserActor, meta: RequestMeta = {}): Promise<MergeCounts> {
    if (targetId === sourceId)
      throw new EmployerError('employer.merge-into-itself', 'An employer cannot be merged into itself');
    return this.db.transaction(async (manager) => {
      await employerHierarchy.lock(manager);
      // Both rows locked in id order, so two merges of the same pair cannot deadlock.
      const locked: LockedEmployer[] = await manager.query(
        `SELECT id, name, parent_employer_id, merged_into_id FROM employers
          WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [[targetId, sourceId]],
      );
      const target = locked.find((e) => e.id === targetId);
      const source = locked.find((e) => e.id === sourceId);
      if (!target || !source) throw new RecordNotFoundError('Employer');
      if (target.merged_into_id !== null || source.merged_into_id !== null) {
        throw new EmployerError('employer.already-merged', 'One of the employers was already merged', {
          details: { mergedIds: [target, source].filter((e) => e.merged_into_id !== null).map((e) => e.id) },
        });
      }

      const movedComplaints = await this.moveComplaints(manager, sourceId, targetId);
      const intermediaries = await this.moveIntermediaries(manager, sourceId, targetId);
      const aliasesMoved = await this.moveAliases(manager, source, targetId);
      const childrenMoved = await this.moveChildren(manager, source, targetId);

      await manager.query(
        `UPDATE employers SET merged_into_id = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
        [sourceId, targetId],
      );
      await manager.query(`UPDATE employers SET updated_at = now(), version = version + 1 WHERE id = $1`, [targetId]);

      const events = [
        ...movedComplaints.map((complaintId) => ({ complaintId, role: 'employer' })),
        ...intermediaries.complaintIds
          .filter((complaintId) => !movedComplaints.includes(complaintId))
          .map((complaintId) => ({ complaintId, role: 'intermediary' })),
      ];
      for (const event of events) {
        await manager.query(
          `INSERT INTO timeline_events (id, complaint_id, actor_type, actor_id, type, data)
           VALUES ($1, $2, 'user', $3, 'employer.merged', $4::jsonb)`,
          [
            newId(),
            event.complaintId,
            actor.userId,
            JSON.stringify({ fromEmployerId: sourceId, toEmployerId: targetId, role: event.role }),
          ],
        );
      }

      const counts: MergeCounts = {
        complaintsMoved: movedComplaints.length,
        intermediaryLinksMoved: intermediaries.moved,
        intermediaryLinksRemoved: intermediaries.removed,
        aliasesMoved,
        childrenMoved,
      };
      await this.audit.record(
        {
          actor,
          action: 'employer.merge',
          entityType: 'employer',
          entityId: targetId,
          meta,
          details: { targetId, sourceId, ...counts },
        },
        manager,
      );
      return counts;
    });
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

  /** The source's aliases and its own name become aliases of the target (deduplicated on the normal form). */
  private async moveAliases(manager: EntityManager, source: LockedEmployer, targetId: string): Promise<number> {
    const rows: { alias: string }[] = await manager.query(
      'SELECT alias FROM employer_aliases WHERE employer_id = $1 ORDER BY created_at, id',
      [source.id],
    );
    await manager.query('DELETE FROM employer_aliases WHERE employer_id = $1', [source.id]);
    return employerAliasesRepository.add(manager, targetId, [source.name, ...rows.map((r) => r.alias)]);
  }

  /**
   * Children of the source hang under the target now. If the target itself sits below the
   * source, the links on that path go to the source's parent instead, or the tree would close
   * into a cycle (child → target → … → child).
   */
  private async moveChildren(manager: EntityManager, source: LockedEmployer, targetId: string): Promise<number> {
    const targetAncestors = await employerHierarchy.selfAndAncestors(manager, targetId);
    const onPath = targetAncestors.filter((id) => id !== source.id);
    const [toSourceParent] = (await manager.query(
      `UPDATE employers SET parent_employer_id = $2, updated_at = now(), version = version + 1
        WHERE parent_employer_id = $1 AND id = ANY($3::uuid[]) RETURNING id`,
      [source.id, source.parent_employer_id, onPath],
    )) as WriteResult<{ id: string }>;
    const [toTarget] = (await manager.query(
      `UPDATE employers SET parent_employer_id = $2, updated_at = now(), version = version + 1
        WHERE parent_employer_id = $1 AND id <> $2 RETURNING id`,
      [source.id, targetId],
    )) as WriteResult<{ id: string }>;
    return toSourceParent.length + toTarget.length;
  }
}
