import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@mc/config';
import { DatabaseModule } from '@mc/database';
import { LoggingModule } from '@mc/logging';
import { QueueModule, REGISTERED_QUEUES } from '@mc/queue';
import { AuditWorkerModule } from './audit/audit-worker.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';
import { OutboxWorkerModule } from './outbox/outbox-worker.module.js';
import { DeadlinesMaintenanceWorkerModule } from './maintenance/deadlines-maintenance-worker.module.js';
import { IdempotencyPurgeHandler } from './maintenance/idempotency-purge.handler.js';
import { QueueProbeHandler } from './probes/queue-probe.handler.js';
import { RemindersWorkerModule } from './reminders/reminders-worker.module.js';
import { queueProcessorFor } from './processors/queue-processor.js';
import { ScheduleKeeper } from './schedules/schedule-keeper.js';
import { WORKER_SETTINGS, type WorkerSettings } from './worker-settings.js';

/**
 * `@JobHandler`s declared here; feature modules (outbox, notifications, reminders, audit, deadline
 * maintenance) bring their own. The
 * start-up check proves that together they cover the catalogue.
 */
const JOB_HANDLERS = [QueueProbeHandler, IdempotencyPurgeHandler];

/** The worker process: BullMQ consumers for every registered queue, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, settings: WorkerSettings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot({ applicationName: 'mc-worker' }),
        QueueModule.forRoot({ role: 'worker' }),
        OutboxWorkerModule,
        NotificationsWorkerModule,
        RemindersWorkerModule,
        AuditWorkerModule,
        DeadlinesMaintenanceWorkerModule,
      ],
      providers: [
        { provide: WORKER_SETTINGS, useValue: settings },
        ScheduleKeeper,
        ...JOB_HANDLERS,
        ...REGISTERED_QUEUES.map((queue) => queueProcessorFor(queue, settings)),
      ],
    };
  }
}
