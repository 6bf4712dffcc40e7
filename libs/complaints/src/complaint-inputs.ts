import type { Money } from './complaint-lifecycle.js';
import type { ComplaintCategory, ComplaintPriority } from './complaint.entity.js';
import type { KeyDates } from './complaint-view.js';

/** Length caps of a complaint's texts: the API's validation and every other writer use these. */
export const SUMMARY_MAX = 500;
export const FACTS_MAX = 20_000;

/** What a caseworker gives to open a complaint (already validated for shape by the API). */
export interface CreateComplaintInput {
  workerIds: string[];
  employerId: string;
  intermediaryEmployerIds?: string[];
  categories: ComplaintCategory[];
  summary: string;
  facts?: string | null;
  countryOfWork: string;
  region?: string | null;
  city?: string | null;
  employmentStart?: string | null;
  employmentEnd?: string | null;
  keyDates?: Partial<KeyDates>;
  amountClaimed?: Money | null;
  workersAffected?: number;
  priority?: ComplaintPriority;
}

/**
 * A PATCH: absent fields stay, `null` clears an optional field. The fields are those of a new
 * complaint but its workers and employers, which are not changed here.
 */
export type UpdateComplaintInput = Partial<
  Omit<CreateComplaintInput, 'workerIds' | 'employerId' | 'intermediaryEmployerIds'>
>;

export interface ComplaintListFilters {
  status?: string;
  category?: string;
  employerId?: string;
  assigneeId?: string;
  country?: string;
  /** `public_intake`: the triage list of what migrants filed themselves. */
  source?: string;
  /** A reference or its beginning (`MC-2026-000`): free text is encrypted and cannot be searched. */
  q?: string;
  /** true: an open escalation step is past its deadline; false: none is. */
  overdue?: boolean;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
