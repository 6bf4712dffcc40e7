import type { ComplaintChangePlan, ComplaintPatch } from './complaint-change-plan.js';
import type { UpdateComplaintInput } from './complaint-inputs.js';
import { KEY_DATE_FIELDS } from './complaint-view.js';
import type { Complaint } from './complaint.entity.js';

/** The current plaintext of a free-text field (asked only for the fields the patch names). */
export type CurrentText = (field: 'summary' | 'facts') => string | null;

/** The fields statutory deadlines follow from (change names as the plan records them). */
function affectsDeadlines(field: string): boolean {
  return field === 'countryOfWork' || field === 'region' || field === 'employmentEnd' || field.startsWith('keyDates.');
}

/** Equality for column values; arrays (categories) by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * A PATCH against the stored complaint: only what really differs is written and named (in
 * `fields`, for the timeline and the audit row), so a repeated PATCH changes nothing, not even
 * the version. Null when nothing differs. Cross-field consistency needs the attached workers and
 * is the caller's check on `{ ...complaint, ...plan.patch }`.
 */
export function planComplaintUpdate(
  complaint: Complaint,
  patch: UpdateComplaintInput,
  currentText: CurrentText,
): ComplaintChangePlan | null {
  const changes: ComplaintPatch = {};
  const text: { summary?: string; facts?: string | null } = {};
  const fields: string[] = [];
  const set = <K extends keyof ComplaintPatch>(column: K, value: Complaint[K], field: string) => {
    if (!sameValue(complaint[column], value)) {
      changes[column] = value;
      if (!fields.includes(field)) fields.push(field);
    }
  };

  // Ciphertexts differ on every encryption: compare the plaintexts to know whether text changed.
  if (patch.summary !== undefined && currentText('summary') !== patch.summary) {
    text.summary = patch.summary;
    fields.push('summary');
  }
  if (patch.facts !== undefined && currentText('facts') !== patch.facts) {
    text.facts = patch.facts;
    fields.push('facts');
  }
  if (patch.categories !== undefined) set('categories', patch.categories, 'categories');
  if (patch.countryOfWork !== undefined) set('countryOfWork', patch.countryOfWork, 'countryOfWork');
  if (patch.region !== undefined) set('region', patch.region, 'region');
  if (patch.city !== undefined) set('city', patch.city, 'city');
  if (patch.employmentStart !== undefined) set('employmentStart', patch.employmentStart, 'employmentStart');
  if (patch.employmentEnd !== undefined) set('employmentEnd', patch.employmentEnd, 'employmentEnd');
  for (const field of KEY_DATE_FIELDS) {
    const value = patch.keyDates?.[field];
    if (value !== undefined) set(field, value, `keyDates.${field}`);
  }
  if (patch.amountClaimed !== undefined) {
    const amount = patch.amountClaimed?.amount ?? null;
    // numeric(14,2) reads back as "12.00": "12" is the same amount, not a change.
    const sameAmount =
      amount === null
        ? complaint.amountClaimed === null
        : complaint.amountClaimed !== null && Number(amount) === Number(complaint.amountClaimed);
    if (!sameAmount) set('amountClaimed', amount, 'amountClaimed');
    set('amountClaimedCurrency', patch.amountClaimed?.currency ?? null, 'amountClaimed');
  }
  if (patch.workersAffected !== undefined) set('workersAffected', patch.workersAffected, 'workersAffected');
  if (patch.priority !== undefined) set('priority', patch.priority, 'priority');

  if (fields.length === 0) return null;
  return {
    patch: changes,
    text,
    timeline: [{ type: 'complaint.updated', data: { fields } }],
    audit: { action: 'complaint.update', details: { fields } },
    recomputeDeadlines: fields.some(affectsDeadlines),
  };
}
