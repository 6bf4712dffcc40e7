import { Module } from '@nestjs/common';
import { ComplaintsModule } from '@mc/complaints';
import { EscalationsModule } from '@mc/escalations';
import { NotificationsModule } from '@mc/notifications';
import { DeadlinesRecomputeHandler, DeadlinesRecomputeRunner } from './deadlines-recompute.handler.js';

/**
 * The recomputation of stored deadlines after a rule or calendar version changed. Escalations is
 * imported for its complaint change listener: without it, moved deadlines would leave the legal
 * steps and their reminders on the old dates.
 */
@Module({
  imports: [ComplaintsModule, EscalationsModule, NotificationsModule],
  providers: [DeadlinesRecomputeRunner, DeadlinesRecomputeHandler],
  exports: [DeadlinesRecomputeRunner],
})
export class DeadlinesMaintenanceWorkerModule {}
