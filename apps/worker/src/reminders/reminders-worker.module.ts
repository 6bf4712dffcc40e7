import { Module } from '@nestjs/common';
import { EscalationsModule } from '@mc/escalations';
import { DeadlineSweepHandler } from './deadline-sweep.handler.js';
import { DeadlineSweepScheduler } from './deadline-sweep.scheduler.js';
import { ReminderFireHandler } from './reminder-fire.handler.js';

/** The `reminders` queue of the worker: firing reminders and the reconciling sweep. */
@Module({
  imports: [EscalationsModule],
  providers: [ReminderFireHandler, DeadlineSweepHandler, DeadlineSweepScheduler],
})
export class RemindersWorkerModule {}
