import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, RecordNotFoundError, type RequestMeta, type UserActor } from '@mc/security';
import { EmployerError } from './employer-errors.js';
import { employerAliasesRepository } from './employer-aliases.repository.js';
import { employerHierarchy } from './employer-hierarchy.js';
import type { EmployerReferenceMover, MergeCounts } from './employer-view.js';

/** UPDATE/DELETE through TypeORM's `query()` answer `[rows, rowCount]`. */
type WriteResult<T> = [T[], number];

interface LockedEmployer {
  id: string;
  name: string;
  parent_employer_id: string | null;
  merged_into_id: string | null;
}

/**
 * Folds a duplicate employer (source) into the one that stays (target), in one transaction. This
 * library moves what it owns (aliases, children, the redirect); the complaints that named the
 * source are moved by `moveReferences`, which their owner provides, in the same transaction.
 */
@Injectable()
export class EmployerMergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async merge(
    targetId: string,
    sourceId: string,
    moveReferences: EmployerReferenceMover,
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<MergeCounts> {
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

      const references = await moveReferences(manager, sourceId, targetId);
      const aliasesMoved = await this.moveAliases(manager, source, targetId);
      const childrenMoved = await this.moveChildren(manager, source, targetId);

      await manager.query(
        `UPDATE employers SET merged_into_id = $2, updated_at = now(), version = version + 1 WHERE id = $1`,
        [sourceId, targetId],
      );
      await manager.query(`UPDATE employers SET updated_at = now(), version = version + 1 WHERE id = $1`, [targetId]);

      const counts: MergeCounts = {
        ...references,
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
