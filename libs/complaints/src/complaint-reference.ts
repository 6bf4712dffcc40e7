/** `MC-2026-00042`: prefix, year, per-year sequence padded to at least five digits. */
export const COMPLAINT_REFERENCE_PATTERN = /^MC-(\d{4})-(\d{5,})$/;

export interface ComplaintReference {
  readonly reference: string;
  readonly year: number;
  readonly seq: number;
}

export function formatComplaintReference(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError('seq must be a positive integer');
  // Past 99999 the number simply grows a digit: references stay unique and never wrap.
  return `MC-${year}-${String(seq).padStart(5, '0')}`;
}

export function parseComplaintReference(value: string): ComplaintReference | null {
  const match = COMPLAINT_REFERENCE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  return { reference: formatComplaintReference(year, seq), year, seq };
}
