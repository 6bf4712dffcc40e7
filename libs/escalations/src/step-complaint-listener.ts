import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import {
  ComplaintChangeListeners,
  TimelineService,
  type Complaint,
  type ComplaintChangeListener,
  type TimelineActor,
} from '@mc/complaints';
import { DeadlineCalculator, DeadlineRuleBook } from '@mc/deadlines';
import { EscalationStep } from './escalation-step.entity.js';
import { legalStepDue } from './legal-step-due.js';
import { ReminderSyncService } from './reminder-sync.service.js';
import { OPEN_STEP_STATUSES } from './step-types.js';

function sameTime(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}

/**
 * Keeps steps in line with their complaint, inside the complaint's own transaction:
 * - key dates, country or region changed → open legal steps take their new due date;
 * - clock paused → reminders of internal targets stop; resumed → internal targets (and their
 *   reminders) move by the paused time; legal deadlines never move;
 * - the complaint resolved, closed or rejected → its reminders stop; reopened → they return.
 */
@Injectable()
export class StepComplaintListener implements ComplaintChangeListener, OnModuleInit {
  constructor(
    private readonly listeners: ComplaintChangeListeners,
    private readonly calculator: DeadlineCalculator,
    private readonly rules: DeadlineRuleBook,
    private readonly reminders: ReminderSyncService,
    private readonly timeline: TimelineService,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async deadlinesChanged(
    manager: EntityManager,
    complaint: Complaint,
    _d: unknown,
    actor: TimelineActor,
  ): Promise<void> {
    const steps = await manager.find(EscalationStep, {
      where: { complaintId: complaint.id, status: In([...OPEN_STEP_STATUSES]), deadlineRuleId: Not(IsNull()) },
      lock: { mode: 'pessimistic_write' },
    });
    const now = new Date();
    const moved: EscalationStep[] = [];
    for (const step of steps) {
      const rule = this.rules.find(step.deadlineRuleId!);
      // A step of another country's rule (the place of work changed) keeps its date; the caseworker decides.
      if (rule.country !== complaint.countryOfWork) continue;
      const due = legalStepDue(this.calculator, this.rules, complaint, step.deadlineRuleId!);
      if (step.dueDate === due.dueDate && sameTime(step.dueAt, due.dueAt)) continue;
      const changes = {
        dueDate: due.dueDate,
        dueAt: due.dueAt,
        overdueAt: due.overdueAt,
        awaitingKeyDate: due.awaitingKeyDate,
        deadlineRuleVersion: due.ruleVersion,
        overdueNotifiedAt: null,
        updatedAt: now,
      };
      await manager.update(EscalationStep, { id: step.id }, changes);
      moved.push({ ...step, ...changes, version: step.version + 1 });
      await this.timeline.record(manager, complaint.id, actor, 'step.due_changed', {
        stepId: step.id,
        deadlineRuleId: step.deadlineRuleId,
        dueDate: due.dueDate,
        previousDueDate: step.dueDate,
      });
    }
    await this.reminders.syncSteps(manager, moved, complaint, now);
  }

  async clockPaused(manager: EntityManager, complaint: Complaint): Promise<void> {
    await this.syncAll(manager, complaint);
  }

  async clockResumed(
    manager: EntityManager,
    complaint: Complaint,
    pausedSeconds: number,
    actor: TimelineActor,
  ): Promise<void> {
    if (pausedSeconds > 0) {
      // A target set during the pause (a new step, a new date) moves only by the part of the
      // pause after it was set: the caseworker chose it knowing the clock stood still.
      const [rows] = (await manager.query(
        `UPDATE "escalation_steps" s
            SET "due_at" = s."due_at" + shift.by,
                "overdue_at" = s."overdue_at" + shift.by,
                -- Reported overdue and still overdue after the shift: not reported again.
                "overdue_notified_at" = CASE WHEN s."overdue_at" + shift.by > now() THEN NULL ELSE s."overdue_notified_at" END,
                "updated_at" = now(), "version" = s."version" + 1
           FROM (SELECT "id", make_interval(secs => LEAST($2, EXTRACT(EPOCH FROM (now() - COALESCE("due_set_at", "created_at"))))) AS by
                   FROM "escalation_steps" WHERE "complaint_id" = $1) AS shift
          WHERE shift."id" = s."id" AND s."complaint_id" = $1 AND s."deadline_rule_id" IS NULL
            AND s."due_at" IS NOT NULL AND s."status" IN ('planned', 'in_progress')
        RETURNING s."id"
        `,
        [complaint.id, pausedSeconds],
      )) as [{ id: string }[], number];
      if (rows.length > 0) {
        await this.timeline.record(manager, complaint.id, actor, 'steps.shifted', {
          stepIds: rows.map((r) => r.id),
          seconds: pausedSeconds,
        });
      }
    }
    await this.syncAll(manager, complaint);
  }

  async statusChanged(manager: EntityManager, complaint: Complaint): Promise<void> {
    await this.syncAll(manager, complaint);
  }

  private async syncAll(manager: EntityManager, complaint: Complaint): Promise<void> {
    const steps = await manager.find(EscalationStep, { where: { complaintId: complaint.id } });
    await this.reminders.syncSteps(manager, steps, complaint);
  }
}
