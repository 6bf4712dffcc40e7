import type { AuditDetails } from '@mc/security';
import type { Complaint, ComplaintStatus } from './complaint.entity.js';
import type { TimelineData } from './timeline.service.js';

/*
 * What one change of a locked complaint writes, decided by a pure planner (no I/O, no clock, no
 * keys) and applied by LockedComplaints in the one order every writer keeps. Types only, so
 * planners and their tests need nothing of Nest or TypeORM.
 */

/** Ciphertext columns: a plan names their plaintext in `text`, the helper encrypts it. */
type EncryptedColumn = 'summaryEnc' | 'factsEnc' | 'statusReasonEnc';

/** Set by the helper on every change (`updatedAt`, the version bump), fixed at insert, or relations. */
type ManagedColumn =
  | 'id'
  | 'reference'
  | 'referenceYear'
  | 'referenceSeq'
  | 'dataKeyWrapped'
  | 'dataKeyMasterId'
  | 'source'
  | 'createdBy'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'employer'
  | 'assignee'
  | 'creator';

/** Plain columns a change writes; absent columns stay as they are. */
export type ComplaintPatch = Partial<Omit<Complaint, EncryptedColumn | ManagedColumn>>;

/** Free text a change stores, as plaintext; `null` clears the field. */
export interface ComplaintTextChanges {
  readonly summary?: string;
  readonly facts?: string | null;
  readonly statusReason?: string | null;
}

export type ComplaintTextField = keyof ComplaintTextChanges;

export interface PlannedTimelineEvent {
  readonly type: string;
  readonly data: TimelineData;
}

/** The audit row's action and details; actor, entity and request meta are the helper's. */
export interface PlannedAudit {
  readonly action: string;
  readonly details?: AuditDetails;
}

/**
 * The change listener to tell after the change. `deadlinesChanged` is not planned: it follows
 * from what the deadline recomputation found (`recomputeDeadlines`).
 */
export type ComplaintChangeEvent =
  | { readonly kind: 'statusChanged'; readonly from: ComplaintStatus; readonly to: ComplaintStatus }
  | { readonly kind: 'clockPaused' }
  | { readonly kind: 'clockResumed'; readonly pausedSeconds: number };

export interface ComplaintChangePlan {
  readonly patch: ComplaintPatch;
  readonly text?: ComplaintTextChanges;
  /** Recorded in this order, right after the update. */
  readonly timeline: readonly PlannedTimelineEvent[];
  readonly audit: PlannedAudit;
  /** The change touched what statutory deadlines follow from: recompute them before the audit row. */
  readonly recomputeDeadlines?: boolean;
  readonly event?: ComplaintChangeEvent;
}
