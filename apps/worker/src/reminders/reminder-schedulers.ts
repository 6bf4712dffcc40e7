import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';

export const DEADLINE_SWEEP_SCHEDULER_ID = 'deadline-sweep';
export const DEADLINE_SWEEP_EVERY_MS = 5 * 60_000;
export const REMINDER_RELAY_SCHEDULER_ID = 'reminder-relay';
export const REMINDER_RELAY_EVERY_MS = 5_000;

/**
 * Registers the repeatable jobs of the reminders queue when the worker starts: `reminder.relay`
 * (every 5 s) and `deadline.sweep` (every 5 min), and runs one sweep at once, so a worker
 * starting after an outage restores lost reminder jobs without waiting. Upserting is idempotent,
 * so every worker replica may do it; the start-up sweep's id is the minute, so replicas starting
 * together sweep once. The next run is the retry of a failed one, so runs are not retried.
 */
@Injectable()
export class ReminderSchedulers implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderSchedulers.name);
  registered?: Promise<void>;

  constructor(@Inject(QUEUES_BY_NAME) private readonly queues: QueuesByName) {}

  onApplicationBootstrap(): void {
    // Not awaited: the start must not hang on a Redis outage.
    this.registered = this.register().catch((error: unknown) =>
      this.logger.error(
        `reminder schedulers not registered: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  private async register(): Promise<void> {
    const queue = this.queues.get(JOB_QUEUE['deadline.sweep']);
    if (!queue) throw new Error(`queue ${JOB_QUEUE['deadline.sweep']} is not registered`);
    // removeOnComplete/removeOnFail limits trim the whole queue's sets, not just these jobs: a
    // count here would also cut the history of reminder.fire jobs. Finished runs simply go.
    const opts = { attempts: 1, removeOnComplete: true, removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail };
    await queue.upsertJobScheduler(
      REMINDER_RELAY_SCHEDULER_ID,
      { every: REMINDER_RELAY_EVERY_MS },
      { name: 'reminder.relay', data: {}, opts },
    );
    await queue.upsertJobScheduler(
      DEADLINE_SWEEP_SCHEDULER_ID,
      { every: DEADLINE_SWEEP_EVERY_MS },
      { name: 'deadline.sweep', data: {}, opts },
    );
    await queue.add('deadline.sweep', {}, { ...opts, jobId: `sweep-start-${Math.floor(Date.now() / 60_000)}` });
    this.logger.log(
      `reminder relay every ${REMINDER_RELAY_EVERY_MS / 1000} s, deadline sweep every ${DEADLINE_SWEEP_EVERY_MS / 60_000} min`,
    );
  }
}
