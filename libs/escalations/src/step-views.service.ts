import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ComplaintCipherService, type Complaint, type ComplaintKeyColumns } from '@mc/complaints';
import { DEADLINE_DISCLAIMER } from '@mc/deadlines';
import type { EscalationStep } from './escalation-step.entity.js';
import { Reminder } from './reminder.entity.js';
import { stepAad } from './step-cipher.js';
import type { StepReminderView, StepView } from './step-view.js';
import { remindersActive } from './step-predicates.js';

/** What a view needs of the complaint: its key, and the state that decides whether a step is live. */
export type StepViewComplaint = ComplaintKeyColumns & Pick<Complaint, 'status' | 'clockPausedAt'>;

/** Turns step rows into views: free text decrypted with the complaint's key, reminders in one query. */
@Injectable()
export class StepViewsService {
  constructor(private readonly cipher: ComplaintCipherService) {}

  async many(
    manager: EntityManager,
    complaint: StepViewComplaint,
    steps: readonly EscalationStep[],
    now = new Date(),
  ): Promise<StepView[]> {
    if (steps.length === 0) return [];
    const reminders = await manager.find(Reminder, {
      where: { stepId: In(steps.map((s) => s.id)) },
      order: { fireAt: 'ASC' },
    });
    const key = this.cipher.openKey(complaint);
    return steps.map((step) =>
      this.toView(
        step,
        key,
        reminders.filter((r) => r.stepId === step.id),
        now,
        complaint,
      ),
    );
  }

  async one(manager: EntityManager, complaint: StepViewComplaint, step: EscalationStep): Promise<StepView> {
    const [view] = await this.many(manager, complaint, [step]);
    return view!;
  }

  private toView(
    step: EscalationStep,
    key: Buffer,
    reminders: Reminder[],
    now: Date,
    complaint: StepViewComplaint,
  ): StepView {
    const legal = step.deadlineRuleId !== null;
    return {
      id: step.id,
      complaintId: step.complaintId,
      position: step.position,
      type: step.type,
      status: step.status,
      title: this.cipher.decrypt(key, step.titleEnc, stepAad.title(step.id)),
      outcome: this.cipher.decrypt(key, step.outcomeEnc, stepAad.outcome(step.id)),
      legal,
      deadlineRuleId: step.deadlineRuleId,
      deadlineRuleVersion: step.deadlineRuleVersion,
      dueDate: step.dueDate,
      dueAt: step.dueAt,
      overdueAt: step.overdueAt,
      // Same rule as the sweep: a frozen target (paused clock) or a step of a finished case is not overdue.
      overdue: remindersActive(step, complaint) && step.overdueAt !== null && step.overdueAt.getTime() <= now.getTime(),
      awaitingKeyDate: step.awaitingKeyDate,
      reminderOffsets: step.reminderOffsets,
      reminders: reminders.map((r): StepReminderView => ({
        offset: r.offset,
        fireAt: r.fireAt,
        status: r.status,
        sentAt: r.sentAt,
      })),
      assigneeId: step.assigneeId,
      playbook: step.playbook,
      immigrationRiskConfirmedAt: step.immigrationRiskConfirmedAt,
      immigrationRiskConfirmedBy: step.immigrationRiskConfirmedBy,
      disclaimer: legal ? DEADLINE_DISCLAIMER : null,
      createdAt: step.createdAt,
      updatedAt: step.updatedAt,
      completedAt: step.completedAt,
      version: step.version,
    };
  }
}
