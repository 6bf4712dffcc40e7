import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { ComplaintAccessService, ComplaintPriorityService, TimelineService } from '@mc/complaints';
import { DeadlineRuleBook } from '@mc/deadlines';
import type { RequestMeta, UserActor } from '@mc/security';
import { EscalationError } from './escalation-errors.js';
import { EscalationStep } from './escalation-step.entity.js';
import { EscalationStepsService } from './escalation-steps.service.js';
import { planPlaybookSteps, sameStep } from './playbook-planner.js';
import { DEFAULT_PLAYBOOKS, type Playbook } from './playbooks.js';
import type { StepView } from './step-view.js';
import { StepViewsService } from './step-views.service.js';

export interface ApplyPlaybookInput {
  confirmImmigrationRisk?: boolean;
}

/** Creates the usual ladder of a complaint's country and categories in one transaction. */
@Injectable()
export class PlaybookService {
  private readonly playbooks: readonly Playbook[] = DEFAULT_PLAYBOOKS;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly priority: ComplaintPriorityService,
    private readonly steps: EscalationStepsService,
    private readonly views: StepViewsService,
    private readonly timeline: TimelineService,
    private readonly rules: DeadlineRuleBook,
  ) {}

  /** The steps a playbook created on a complaint in the actor's scope, in ladder order (it applies once). */
  async appliedSteps(complaintId: string, actor: UserActor): Promise<StepView[]> {
    const manager = this.db.manager;
    const complaint = await this.access.findInScope(manager, complaintId, actor);
    const steps = await manager.find(EscalationStep, {
      where: { complaintId, playbook: Not(IsNull()) },
      order: { position: 'ASC' },
    });
    return this.views.many(manager, complaint, steps);
  }

  /** 409 when a playbook was applied already (its steps exist): applying twice would double the ladder. */
  apply(complaintId: string, input: ApplyPlaybookInput, actor: UserActor, meta: RequestMeta = {}): Promise<StepView[]> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, complaintId, actor, { lock: true });
      const applied = await manager.exists(EscalationStep, { where: { complaintId, playbook: Not(IsNull()) } });
      if (applied)
        throw new EscalationError(
          'playbook.already-applied',
          'The playbook was already applied to this complaint; add further steps one by one',
        );
      const now = new Date();
      // Steps the complaint already has (a legal step made by hand, say) are not made twice.
      const existing = await this.views.many(manager, complaint, await manager.findBy(EscalationStep, { complaintId }));
      const planned = planPlaybookSteps(this.playbooks, this.rules, complaint, now).filter(
        (step) => step.type === 'other' || !existing.some((e) => e.status !== 'failed' && sameStep(e, step)),
      );
      const created = await this.steps.insertSteps(
        manager,
        complaint,
        planned.map((step) => ({
          type: step.type,
          title: step.title,
          dueAt: step.dueAt ?? null,
          deadlineRuleId: step.deadlineRuleId ?? null,
          playbook: step.playbook,
          confirmImmigrationRisk: input.confirmImmigrationRisk,
        })),
        actor,
        meta,
      );
      if (planned.some((step) => step.urgent) && complaint.priority !== 'urgent') {
        await this.priority.raiseToUrgent(manager, complaintId, actor, 'playbook', now);
      }
      await this.timeline.record(manager, complaintId, actor, 'playbook.applied', {
        steps: created.length,
        playbooks: [...new Set(planned.map((s) => s.playbook.split('#')[0]!))],
      });
      return this.views.many(manager, complaint, created, now);
    });
  }
}
