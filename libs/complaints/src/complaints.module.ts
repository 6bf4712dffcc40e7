import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesModule } from '@mc/deadlines';
import { Employer } from '@mc/employers';
import { SecurityModule } from '@mc/security';
import { StorageModule } from '@mc/storage';
import { MigrantWorker, WorkersModule } from '@mc/migrants';
import { ComplaintAccessService } from './complaint-access.service.js';
import { ComplaintAssignmentService } from './complaint-assignment.service.js';
import { ComplaintAttachmentsService } from './complaint-attachments.service.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintCipherService } from './complaint-cipher.service.js';
import { ComplaintClockService } from './complaint-clock.service.js';
import { ComplaintDeadlineRefreshService } from './complaint-deadline-refresh.service.js';
import { ComplaintDeadlinesService } from './complaint-deadlines.service.js';
import { ComplaintNotesService } from './complaint-notes.service.js';
import { ComplaintPartiesService } from './complaint-parties.service.js';
import { ComplaintPriorityService } from './complaint-priority.service.js';
import { ComplaintReferenceService } from './complaint-reference.service.js';
import { ComplaintStatusReads } from './complaint-status-reads.js';
import { ComplaintStepFilters } from './complaint-step-filters.js';
import { ComplaintTransitionsService } from './complaint-transitions.service.js';
import { ComplaintViewsService } from './complaint-views.service.js';
import { ComplaintEmployerReferences } from './complaint-employer-references.service.js';
import { ComplaintsService } from './complaints.service.js';
import { EmployerComplaintStatsService } from './employer-complaint-stats.service.js';
import { complaintEntities } from './complaint-entities.js';
import { TimelineService } from './timeline.service.js';
import { LockedComplaints } from './locked-complaint.js';

const services = [
  ComplaintAccessService,
  ComplaintAssignmentService,
  ComplaintAttachmentsService,
  ComplaintChangeListeners,
  ComplaintCipherService,
  ComplaintClockService,
  ComplaintDeadlineRefreshService,
  ComplaintDeadlinesService,
  ComplaintNotesService,
  ComplaintPartiesService,
  ComplaintPriorityService,
  ComplaintReferenceService,
  ComplaintStatusReads,
  ComplaintStepFilters,
  ComplaintTransitionsService,
  ComplaintViewsService,
  ComplaintsService,
  ComplaintEmployerReferences,
  EmployerComplaintStatsService,
  TimelineService,
];

/** Used by the services above only: other libraries change complaints through those services. */
const internal = [LockedComplaints];

/**
 * Complaints: lifecycle, references, notes, attachments, clock, statutory deadlines and the
 * timeline. Other libraries react to changes through {@link ComplaintChangeListeners}.
 */
@Module({
  // Worker and employer entities: the complaint tables reference them (foreign keys, relations).
  imports: [
    TypeOrmModule.forFeature([...complaintEntities, MigrantWorker, Employer]),
    SecurityModule,
    StorageModule,
    DeadlinesModule,
    WorkersModule,
  ],
  providers: [...services, ...internal],
  exports: services,
})
export class ComplaintsModule {}
