import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ComplaintsModule } from '@mc/complaints';
import { EmployersModule } from '@mc/employers';
import { WorkersModule } from '@mc/migrants';
import { NotificationsModule } from '@mc/notifications';
import { SecurityModule } from '@mc/security';
import { ComplaintStatusService } from './complaint-status.service.js';
import { IntakeService } from './intake.service.js';
import { ComplaintStatusToken } from './status-token.entity.js';
import { TriageHintsService } from './triage-hints.service.js';

/** The public intake and status features; the pages and routes that use them live in apps/api. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ComplaintStatusToken]),
    WorkersModule,
    EmployersModule,
    ComplaintsModule,
    NotificationsModule,
    SecurityModule,
  ],
  providers: [IntakeService, ComplaintStatusService, TriageHintsService],
  exports: [IntakeService, ComplaintStatusService, TriageHintsService],
})
export class IntakeModule {}
