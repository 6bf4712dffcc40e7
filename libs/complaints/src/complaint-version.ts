import { ComplaintError } from './complaint-errors.js';
/**
 * Optimistic concurrency: the client says which version it read (If-Match or `version`); a
 * different stored version means someone changed the complaint in between, and overwriting their
 * change silently would lose it. No expected version: the change applies to whatever is current.
 */
export function assertComplaintVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new ComplaintError(
      'complaint.stale-version',
      'The complaint was changed by someone else; reload it and try again',
      { details: { currentVersion: current } },
    );
  }
}
