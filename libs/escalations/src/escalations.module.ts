import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ComplaintsModule } from '@mc/complaints';
import { DeadlinesModule } from '@mc/deadlines';
import { NotificationsModule } from '@mc/notifications';
import { SecurityModule } from '@mc/security';
import { WorkersModule } from '@mc/migrants';
import { DeadlineSweepService } from './deadline-sweep.service.js';
import { escalationEntities } from './escalation-entities.js';
import { EscalationStepsService } from './escalation-steps.service.js';
import { ImmigrationRiskCheck } from './immigration-risk.js';
import { OverdueComplaintFilter } from './overdue-complaint-filter.js';
import { PlaybookService } from './playbook.service.js';
import { ReminderFiringService } from './reminder-firing.service.js';
import { ReminderJobs } from './reminder-jobs.js';
import { ReminderSyncService } from './reminder-sync.service.js';
import { StepComplaintListener } from './step-complaint-listener.js';
import { StepViewsService } from './step-views.service.js';
import { UpcomingStepsService } from './upcoming-steps.service.js';

const services = [
  EscalationStepsService,
  PlaybookService,
  ImmigrationRiskCheck,
  ReminderJobs,
  ReminderSyncService,
  ReminderFiringService,
  DeadlineSweepService,
  StepViewsService,
  UpcomingStepsService,
  StepComplaintListener,
  OverdueComplaintFilter,
];

/**
 * Escalation steps, playbooks and reminders. Needs the global ConfigModule, DatabaseModule and
 * QueueModule. Used by the API (steps, playbooks, upcoming) and the worker (firing, sweep).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(escalationEntities),
    ComplaintsModule,
    DeadlinesModule,
    NotificationsModule,
    SecurityModule,
    WorkersModule,
  ],
  providers: services,
  exports: services,
})
export class EscalationsModule {}
