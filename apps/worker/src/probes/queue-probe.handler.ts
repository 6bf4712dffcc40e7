import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobHandler, QueueProbeService, type JobData, type JobHandlerOf } from '@mc/queue';

/** Finishes an operator's queue probe: proof that the API → Redis → worker → Postgres path works. */
@JobHandler('queue.probe')
export class QueueProbeHandler implements JobHandlerOf<'queue.probe'> {
  private readonly logger = new Logger(QueueProbeHandler.name);

  constructor(private readonly probes: QueueProbeService) {}

  async handle({ probeId }: JobData<'queue.probe'>, job: Job): Promise<void> {
    const probe = await this.probes.find(probeId);
    // The row is written before the job, so a missing row will never appear: retrying can't help.
    if (!probe) throw new UnrecoverableError(`queue probe ${probeId} does not exist`);
    if (probe.status === 'done') return;
    if (probe.holdMs > 0) await sleep(probe.holdMs);
    const changed = await this.probes.markDone(probeId);
    this.logger.log({ probeId, jobId: job.id, attempt: job.attemptsStarted, changed }, 'queue probe processed');
  }
}
