import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { lockComplaintKeyShare, TimelineService } from '@mc/complaints';
import { NotificationsService } from '@mc/notifications';
import { stepDueParams } from './reminder-firing.service.js';
import { ReminderJobs, type ReminderJobRef } from './reminder-jobs.js';
import { coordinatorIds, stepRecipients } from './reminder-recipients.js';
import { overdueStepsRepository, type OverdueStep } from './overdue-steps.repository.js';
import { remindersRepository } from './reminders.repository.js';

/** Pending reminders due within this window must have their delayed job (architecture.md). */
export const SWEEP_HORIZON_MS = 24 * 3600 * 1000;
/** A pending reminder this far past its time should have fired: its job is checked, not just re-added. */
export const SWEEP_LATE_AFTER_MS = 30_000;
/** Overdue steps reported per run; the next run takes the rest. */
export const SWEEP_OVERDUE_BATCH = 500;

export interface SweepResult {
  /** Pending reminders within the horizon whose jobs were (re-)added; existing jobs are left alone. */
  checked: number;
  /** Late reminders whose job was missing or finished and is new now. */
  restoredLate: number;
  overdueReported: number;
}

/**
 * The `deadline.sweep` reconciler. Redis is only the executor of reminders: after a flush, a
 * failover or a lost post-commit add, this puts back every pending reminder's job for the next
 * 24 h (deterministic ids make re-adding existing jobs a no-op), and it reports each open step
 * that went past its deadline once, to its owner and to the coordinators.
 */
@Injectable()
export class DeadlineSweepService {
  private readonly logger = new Logger(DeadlineSweepService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: ReminderJobs,
    private readonly notifications: NotificationsService,
    private readonly timeline: TimelineService,
  ) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    const restored = await this.restoreJobs(now);
    const overdueReported = await this.reportOverdue(now);
    const result = { ...restored, overdueReported };
    this.logger.log(result, 'deadline sweep done');
    return result;
  }

  private async restoreJobs(now: Date): Promise<Pick<SweepResult, 'checked' | 'restoredLate'>> {
    const rows = await remindersRepository.pendingUntil(this.db.manager, new Date(now.getTime() + SWEEP_HORIZON_MS));
    const late: ReminderJobRef[] = [];
    const upcoming: ReminderJobRef[] = [];
    for (const row of rows) {
      const ref = { reminderId: row.id, fireAt: row.fire_at };
      (row.fire_at.getTime() < now.getTime() - SWEEP_LATE_AFTER_MS ? late : upcoming).push(ref);
    }
    await this.jobs.add(upcoming);
    const restoredLate = await this.jobs.restoreOverdue(late);
    if (restoredLate > 0) this.logger.warn({ restoredLate }, 'late reminders had no live job; restored');
    return { checked: rows.length, restoredLate };
  }

  private async reportOverdue(now: Date): Promise<number> {
    const rows = await overdueStepsRepository.unreported(this.db.manager, now, SWEEP_OVERDUE_BATCH);
    let reported = 0;
    for (const row of rows) {
      if (await this.reportOne(row, now)) reported++;
    }
    return reported;
  }

  /** One transaction per step: claiming it (`overdue_notified_at`) and notifying commit together. */
  private reportOne(row: OverdueStep, now: Date): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      // Lock order of every writer: complaint first (see ReminderFiringService.fire).
      await lockComplaintKeyShare(manager, row.complaint_id);
      if (!(await overdueStepsRepository.claim(manager, row.id, now))) return false;
      const owners = await stepRecipients(manager, row.id);
      const recipients = [...new Set([...owners, ...(await coordinatorIds(manager))])];
      const params = stepDueParams(row);
      for (const userId of recipients) {
        await this.notifications.notify(manager, {
          userId,
          kind: 'step.overdue',
          params,
          complaintId: row.complaint_id,
          stepId: row.id,
        });
      }
      await this.timeline.record(manager, row.complaint_id, { kind: 'system' }, 'step.overdue', {
        stepId: row.id,
        recipients: recipients.length,
      });
      return true;
    });
  }
}
