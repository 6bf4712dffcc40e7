import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import type { EscalationStep } from './escalation-step.entity.js';
import { reminderJobId, ReminderJobs, type ReminderJobRef } from './reminder-jobs.js';
import { planReminders, type ReminderPlan } from './reminder-plan.js';
import { Reminder } from './reminder.entity.js';
import { isFrozenTarget, remindersActive, type StepComplaintState } from './step-predicates.js';

interface NewReminder {
  id: string;
  stepId: string;
  complaintId: string;
  offset: string;
  fireAt: Date;
}

/**
 * New pending rows in one statement of five array parameters, whatever their number: a playbook
 * or a bulk import creates many at once, and an INSERT with a parameter per value (plus RETURNING
 * of the defaults) costs more in building and parsing than in writing.
 */
async function insertPending(manager: EntityManager, rows: readonly NewReminder[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO "reminders" ("id", "step_id", "complaint_id", "reminder_offset", "fire_at", "status", "created_at", "updated_at")
     SELECT v."id", v."step_id", v."complaint_id", v."reminder_offset", v."fire_at", 'pending', $6, $6
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
         AS v("id", "step_id", "complaint_id", "reminder_offset", "fire_at")`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.stepId),
      rows.map((r) => r.complaintId),
      rows.map((r) => r.offset),
      rows.map((r) => r.fireAt.toISOString()),
      now,
    ],
  );
}

export interface ReminderSyncSummary {
  created: number;
  rescheduled: number;
  cancelled: number;
}

/**
 * Keeps the `reminders` rows of steps in line with their due dates, offsets and state, inside the
 * caller's transaction, and hands the job changes to `ReminderJobs` for after the commit.
 */
@Injectable()
export class ReminderSyncService {
  constructor(private readonly jobs: ReminderJobs) {}

  async syncSteps(
    manager: EntityManager,
    steps: readonly EscalationStep[],
    complaint: StepComplaintState,
    now = new Date(),
  ): Promise<ReminderSyncSummary> {
    const summary: ReminderSyncSummary = { created: 0, rescheduled: 0, cancelled: 0 };
    if (steps.length === 0) return summary;
    const rows = await manager
      .createQueryBuilder(Reminder, 'r')
      .where('r.stepId = ANY(:stepIds)', { stepIds: steps.map((s) => s.id) })
      .setLock('pessimistic_write')
      .getMany();
    const rowsByStep = new Map<string, Reminder[]>();
    for (const row of rows) rowsByStep.set(row.stepId, [...(rowsByStep.get(row.stepId) ?? []), row]);
    const add: ReminderJobRef[] = [];
    const remove: string[] = [];
    const inserts: NewReminder[] = [];
    for (const step of steps) {
      const plan = planReminders(
        {
          dueAt: step.dueAt,
          offsets: step.reminderOffsets,
          active: remindersActive(step, complaint),
          frozen: isFrozenTarget(step, complaint),
        },
        rowsByStep.get(step.id) ?? [],
        now,
      );
      for (const r of plan.insert) {
        inserts.push({
          id: newId(),
          stepId: step.id,
          complaintId: step.complaintId,
          offset: r.offset,
          fireAt: r.fireAt,
        });
      }
      await this.writeChanges(manager, plan, now, add, remove);
      summary.created += plan.insert.length;
      summary.rescheduled += plan.reschedule.length;
      summary.cancelled += plan.cancel.length;
    }
    await insertPending(manager, inserts, now);
    for (const row of inserts) add.push({ reminderId: row.id, fireAt: row.fireAt });
    this.jobs.afterCommit(manager, { add, remove });
    return summary;
  }

  private async writeChanges(
    manager: EntityManager,
    plan: ReminderPlan,
    now: Date,
    add: ReminderJobRef[],
    remove: string[],
  ): Promise<void> {
    for (const move of plan.reschedule) {
      await manager.update(
        Reminder,
        { id: move.id },
        { fireAt: move.fireAt, status: 'pending', sentAt: null, jobAddedAt: null, updatedAt: now },
      );
      if (move.previous.status === 'pending') remove.push(reminderJobId(move.id, move.previous.fireAt));
      add.push({ reminderId: move.id, fireAt: move.fireAt });
    }
    if (plan.cancel.length > 0) {
      await manager.update(Reminder, { id: In(plan.cancel.map((r) => r.id)) }, { status: 'cancelled', updatedAt: now });
      for (const row of plan.cancel) remove.push(reminderJobId(row.id, row.fireAt));
    }
  }
}
