import { Module } from '@nestjs/common';
import { EscalationsModule } from '@mc/escalations';
import { DeadlineSweepHandler } from './deadline-sweep.handler.js';
import { ReminderFireHandler } from './reminder-fire.handler.js';
import { ReminderRelayHandler } from './reminder-relay.handler.js';

/** The `reminders` queue of the worker: firing reminders, relaying missing jobs, the reconciling sweep. */
@Module({
  imports: [EscalationsModule],
  providers: [ReminderFireHandler, ReminderRelayHandler, DeadlineSweepHandler],
})
export class RemindersWorkerModule {}
