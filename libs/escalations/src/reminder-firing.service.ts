import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { lockComplaintKeyShare, storedRollOver, TimelineService } from '@mc/complaints';
import { NotificationsService, type StepDueParams } from '@mc/notifications';
import { reminderJobId } from './reminder-jobs.js';
import { stepRecipients } from './reminder-recipients.js';
import { remindersRepository } from './reminders.repository.js';
import type { StepType } from './step-types.js';

/** A job may run this much before its time (clock skew between hosts) and still count as on time. */
export const EARLY_TOLERANCE_MS = 1_000;

export type FireOutcome = 'sent' | 'missing' | 'cancelled' | 'already_sent' | 'stale';

export class ReminderFiredEarlyError extends Error {
  constructor(ms: number) {
    super(`reminder job ran ${ms} ms before its time; retrying`);
    this.name = 'ReminderFiredEarlyError';
  }
}

export interface FireResult {
  outcome: FireOutcome;
  /** sent_at − fire_at, for the lateness metric (sent only). */
  latenessMs?: number;
}

/** What a reminder or overdue message says of a step: references and dates, never personal data. */
export function stepDueParams(row: {
  reference: string;
  type: StepType;
  due_date: string | null;
  due_at: Date | null;
  deadline_rule_id: string | null;
}): StepDueParams {
  return {
    reference: row.reference,
    stepType: row.type,
    // The legal last day when there is one, else the internal target's time.
    dueDate: row.due_date,
    dueAt: row.due_date === null && row.due_at ? row.due_at.toISOString() : null,
    deadlineRuleId: row.deadline_rule_id,
  };
}

/**
 * Runs one `reminder.fire` job. The reminder row is locked, checked and marked sent in the same
 * transaction that writes the notifications (and their delivery outbox rows): a crash before the
 * commit leaves it pending for the retry, a crash after it leaves it sent, so it fires once.
 */
@Injectable()
export class ReminderFiringService {
  private readonly logger = new Logger(ReminderFiringService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
    private readonly timeline: TimelineService,
  ) {}

  fire(reminderId: string, jobId: string | undefined): Promise<FireResult> {
    return this.db.transaction(async (manager) => {
      const complaintId = await remindersRepository.complaintIdOf(manager, reminderId);
      if (complaintId === null) return { outcome: 'missing' };
      // Every writer locks in the same order: complaint, step, reminder. Taking the reminder first
      // here would deadlock with a caseworker's change of the same case; KEY SHARE waits for such
      // a change but not for other reminders of the complaint firing at the same time.
      await lockComplaintKeyShare(manager, complaintId);
      const row = await remindersRepository.lockToFire(manager, reminderId);
      if (!row) return { outcome: 'missing' };
      if (row.status === 'cancelled') return { outcome: 'cancelled' };
      if (row.status === 'sent') return { outcome: 'already_sent' };
      // A job of an earlier time of this reminder (the due date moved): its successor will fire.
      if (jobId !== undefined && jobId !== reminderJobId(row.id, row.fire_at)) return { outcome: 'stale' };
      const now = new Date();
      const early = row.fire_at.getTime() - now.getTime();
      if (early > EARLY_TOLERANCE_MS) throw new ReminderFiredEarlyError(early);

      const params = stepDueParams({ ...row, type: row.step_type });
      // A legal last day says which days it rolled past, as the complaint's stored deadline does.
      if (row.deadline_rule_id !== null && row.due_date !== null) {
        params.rolledOver = await storedRollOver(manager, row.complaint_id, row.deadline_rule_id, row.due_date);
      }
      const recipients = await stepRecipients(manager, row.step_id);
      if (recipients.length === 0) {
        // No active owner and no active coordinator or admin: nobody to tell. Loud, since a
        // reminder nobody reads is as good as lost; the timeline still records it.
        this.logger.error({ reminderId: row.id, stepId: row.step_id }, 'reminder has no active recipient');
      }
      for (const userId of recipients) {
        await this.notifications.notify(manager, {
          userId,
          kind: 'reminder.due',
          params,
          complaintId: row.complaint_id,
          stepId: row.step_id,
        });
      }
      await this.timeline.record(manager, row.complaint_id, { kind: 'system' }, 'reminder.sent', {
        stepId: row.step_id,
        reminderId: row.id,
        offset: row.reminder_offset,
        recipients: recipients.length,
      });
      // Stamped last, when everything the recipients will see is written: lateness counts it all.
      const sentAt = await remindersRepository.markSent(manager, row.id);
      this.logger.log({ reminderId: row.id, stepId: row.step_id, recipients: recipients.length }, 'reminder sent');
      return { outcome: 'sent', latenessMs: sentAt.getTime() - row.fire_at.getTime() };
    });
  }
}
