export * from './complaint-attachment.entity.js';
export * from './complaint-links.entity.js';
export * from './complaint-note.entity.js';
export * from './complaint-reference-counter.entity.js';
export * from './complaint.entity.js';
export * from './timeline-event.entity.js';

import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintIntermediary, ComplaintWorker } from './complaint-links.entity.js';
import { ComplaintNote } from './complaint-note.entity.js';
import { ComplaintReferenceCounter } from './complaint-reference-counter.entity.js';
import { Complaint } from './complaint.entity.js';
import { TimelineEvent } from './timeline-event.entity.js';

export const complaintEntities = [
  Complaint,
  ComplaintWorker,
  ComplaintIntermediary,
  ComplaintNote,
  ComplaintAttachment,
  TimelineEvent,
  ComplaintReferenceCounter,
];
