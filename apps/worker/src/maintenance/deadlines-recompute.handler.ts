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

/**
 * What the `deadlines.recompute` job does, as a service so that tests can run it with small
 * batches: the refresh of stale stored deadlines, telling the complaint's assignee of each date
 * that moved earlier (less time than planned; a later date needs no one's action).
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
    // Nobody owns an unassigned case yet: whoever takes it sees the dates and the timeline.
    if (complaint.assigneeId === null) return;
    for (const { before, after } of moved) {
      if (after.dueDate >= before.dueDate) continue;
      await this.notifications.notify(manager, {
        userId: complaint.assigneeId,
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
