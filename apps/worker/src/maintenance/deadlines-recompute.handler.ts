import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ComplaintDeadlineRefreshService,
  type Complaint,
  type DeadlineRefreshOptions,
  type DeadlineRefreshRun,
  type MovedDeadline,
} from '@mc/complaints';
import { NotificationsService } from '@mc/notifications';
import { JobHandler, type JobHandlerOf } from '@mc/queue';
import { COORDINATOR_ROLES, usersRepository } from '@mc/security';

/**
 * Who hears that a case's legal date came earlier: its active assignee, else whoever filed it if
 * active, else every active coordinator and admin, as a step's reminders fall back, so that an
 * earlier deadline is never silent (an unassigned intake case included).
 */
async function caseRecipients(manager: EntityManager, complaint: Complaint): Promise<string[]> {
  for (const userId of [complaint.assigneeId, complaint.createdBy]) {
    if (userId === null) continue;
    if ((await usersRepository.contactOf(manager, userId))?.active) return [userId];
  }
  return usersRepository.activeIdsInRoles(manager, COORDINATOR_ROLES);
}

/**
 * What the `deadlines.recompute` job does, as a service so that tests can run it with small
 * batches: the refresh of stale stored deadlines, telling the case's people ({@link caseRecipients})
 * of each date that moved earlier (less time than planned; a later date needs no one's action).
 */
@Injectable()
export class DeadlinesRecomputeRunner {
  constructor(
    private readonly refresh: ComplaintDeadlineRefreshService,
    private readonly notifications: NotificationsService,
  ) {}

  run(options: Omit<DeadlineRefreshOptions, 'onMoved'> = {}): Promise<DeadlineRefreshRun> {
    return this.refresh.refreshStale({
      ...options,
      onMoved: (manager, complaint, moved) => this.notify(manager, complaint, moved),
    });
  }

  /** In the complaint's transaction: the notification exists exactly when the new dates do. */
  private async notify(manager: EntityManager, complaint: Complaint, moved: MovedDeadline[]): Promise<void> {
    const earlier = moved.filter(({ before, after }) => after.dueDate < before.dueDate);
    if (earlier.length === 0) return;
    const recipients = await caseRecipients(manager, complaint);
    for (const { before, after } of earlier) {
      for (const userId of recipients) {
        await this.notifications.notify(manager, {
          userId,
          complaintId: complaint.id,
          kind: 'deadline.moved_earlier',
          params: {
            reference: complaint.reference,
            deadlineRuleId: after.ruleId,
            previousDueDate: before.dueDate,
            dueDate: after.dueDate,
            ruleVersionKey: `${after.ruleId}@${after.ruleVersion}`,
            calendarVersionKey: after.calendarVersionKey ?? '',
          },
        });
      }
    }
  }
}

/** Recomputes stored deadlines whose rule or holiday-list version is no longer current (repeatable, hourly and at start). */
@JobHandler('deadlines.recompute')
export class DeadlinesRecomputeHandler implements JobHandlerOf<'deadlines.recompute'> {
  private readonly logger = new Logger(DeadlinesRecomputeHandler.name);

  constructor(private readonly runner: DeadlinesRecomputeRunner) {}

  async handle(): Promise<void> {
    const run = await this.runner.run();
    // Counts only: which complaints moved is on their timelines.
    if (run.found > 0) this.logger.log(run, 'stored deadlines recomputed for new rule or calendar versions');
  }
}
