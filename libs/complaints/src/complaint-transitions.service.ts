import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, type RequestMeta, type UserActor } from '@mc/security';
import { ComplaintError } from './complaint-errors.js';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintCipherService, complaintAad } from './complaint-cipher.service.js';
import { planTransition, type TransitionRequest } from './complaint-lifecycle.js';
import { assertComplaintVersion } from './complaint-version.js';
import type { ComplaintView } from './complaint-view.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { Complaint } from './complaint.entity.js';
import { TimelineService } from './timeline.service.js';

/** Moves a complaint along its lifecycle; the rules are `planTransition`'s, this service applies them. */
@Injectable()
export class ComplaintTransitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly cipher: ComplaintCipherService,
    private readonly views: ComplaintViewsService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly listeners: ComplaintChangeListeners,
  ) {}

  /**
   * 409 with `allowed` for a target the lifecycle does not allow from here (or a stale version),
   * 422 with `errors` when the target needs a reason, an outcome or a recovered amount.
   */
  async transition(
    id: string,
    request: TransitionRequest,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<ComplaintView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, id, actor, { lock: true });
      assertComplaintVersion(complaint.version, expectedVersion);
      const result = planTransition(complaint.status, request);
      if (!result.ok) {
        const { error } = result;
        if (error.kind === 'not-allowed') {
          throw new ComplaintError('complaint.transition-not-allowed', error.message, {
            details: { allowed: [...error.allowed] },
          });
        }
        throw new ComplaintError('complaint.transition-incomplete', error.message, {
          fields: [{ field: error.field, message: error.message }],
        });
      }
      const { plan } = result;
      const now = new Date();
      const changes: Partial<Complaint> = {
        status: plan.to,
        // The reason belongs to the status it explains: a later transition replaces or clears it.
        statusReasonEnc:
          plan.reason === null
            ? null
            : this.cipher.encrypt(this.cipher.openKey(complaint), plan.reason, complaintAad.statusReason(id)),
        updatedAt: now,
      };
      if (plan.outcome !== 'keep') changes.outcome = plan.outcome;
      if (plan.recovered) {
        changes.amountRecovered = plan.recovered.amount;
        changes.amountRecoveredCurrency = plan.recovered.currency;
      } else if (plan.to === 'resolved') {
        // Resolved again without money (lost, withdrawn, ...): an amount from an earlier
        // resolution before a reopen must not count as recovered in reports.
        changes.amountRecovered = null;
        changes.amountRecoveredCurrency = null;
      }
      if (plan.setResolvedAt === 'now') changes.resolvedAt = now;
      if (plan.setResolvedAt === 'clear') changes.resolvedAt = null;
      if (plan.setClosedAt === 'now') changes.closedAt = now;

      await manager.update(Complaint, { id }, changes);
      const outcome = plan.outcome === 'keep' ? complaint.outcome : plan.outcome;
      await this.timeline.record(manager, id, actor, 'status.changed', {
        from: plan.from,
        to: plan.to,
        outcome,
        ...(plan.isReopen ? { reopened: true } : {}),
      });
      await this.audit.record(
        {
          actor,
          action: 'complaint.transition',
          entityType: 'complaint',
          entityId: id,
          meta,
          details: { from: plan.from, to: plan.to, outcome },
        },
        manager,
      );
      const transitioned = await manager.findOneByOrFail(Complaint, { id });
      await this.listeners.emitStatusChanged(manager, transitioned, plan.from, plan.to, actor);
      return this.views.one(manager, transitioned);
    });
  }
}
