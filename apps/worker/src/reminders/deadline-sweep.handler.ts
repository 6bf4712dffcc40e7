import { DeadlineSweepService } from '@mc/escalations';
import { JobHandler, type JobHandlerOf } from '@mc/queue';

/** The reconciler run: restores missing reminder jobs from Postgres and reports overdue steps. */
@JobHandler('deadline.sweep')
export class DeadlineSweepHandler implements JobHandlerOf<'deadline.sweep'> {
  constructor(private readonly sweep: DeadlineSweepService) {}

  async handle(): Promise<void> {
    await this.sweep.sweep();
  }
}
