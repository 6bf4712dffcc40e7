import type { ComplaintStatus } from '@mc/complaints';

/**
 * What a migrant reads about their case: four plain steps instead of the seven statuses the
 * caseworkers use. Triage is an internal step ("received" until someone picks it up); a rejected
 * case is closed for the person too (the caseworker's note says why).
 */
export const STATUS_LABEL_KEYS = ['received', 'in_progress', 'waiting_employer', 'closed'] as const;
export type StatusLabelKey = (typeof STATUS_LABEL_KEYS)[number];

const LABEL_OF: Record<ComplaintStatus, StatusLabelKey> = {
  new: 'received',
  triage: 'received',
  open: 'in_progress',
  escalated: 'waiting_employer',
  resolved: 'closed',
  closed: 'closed',
  rejected: 'closed',
};

export function statusLabelKeyOf(status: ComplaintStatus): StatusLabelKey {
  return LABEL_OF[status];
}
