import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintDeadline } from './complaint-deadline.entity.js';
import { ComplaintIntermediary, ComplaintWorker } from './complaint-links.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { ComplaintReferenceCounter } from './complaint-reference-counter.entity.js';
import { Complaint } from './complaint.entity.js';
import { TimelineEvent } from './timeline-event.entity.js';

/** Entities of this library, for TypeORM and the migration CLI's data source. */
export const complaintEntities = [
  Complaint,
  ComplaintWorker,
  ComplaintIntermediary,
  ComplaintNote,
  ComplaintAttachment,
  TimelineEvent,
  ComplaintReferenceCounter,
  ComplaintDeadline,
];
