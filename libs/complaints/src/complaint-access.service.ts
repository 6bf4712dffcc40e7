import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { complaintScopeSql, recordScopeOf } from '@mc/access';
import { RecordNotFoundError, type UserActor } from '@mc/security';
import { Complaint } from './complaint.entity.js';

/**
 * Record scope of complaints (the rule is @mc/access's), applied to a TypeORM query. Out of scope
 * is answered exactly like a missing id (404), so nobody learns that a case they may not see exists.
 */
export function applyComplaintScope<T extends object>(
  qb: SelectQueryBuilder<T>,
  actor: UserActor,
  alias = 'c',
): SelectQueryBuilder<T> {
  const scope = recordScopeOf(actor);
  const predicate = complaintScopeSql(scope, alias, ':scopeUserId');
  if (predicate === null) return qb;
  return qb.andWhere(predicate, scope.kind === 'own' ? { scopeUserId: scope.userId } : {});
}

@Injectable()
export class ComplaintAccessService {
  /**
   * The complaint when it exists and is in the actor's scope, else the 404. With `lock` the row is
   * locked (FOR UPDATE) until the transaction of `manager` ends: use it before changing it.
   */
  async findInScope(
    manager: EntityManager,
    id: string,
    actor: UserActor,
    options: { lock?: boolean } = {},
  ): Promise<Complaint> {
    const qb = manager.getRepository(Complaint).createQueryBuilder('c').where('c.id = :id', { id });
    applyComplaintScope(qb, actor);
    if (options.lock) qb.setLock('pessimistic_write');
    const complaint = await qb.getOne();
    if (!complaint) throw new RecordNotFoundError('Complaint');
    return complaint;
  }
}
