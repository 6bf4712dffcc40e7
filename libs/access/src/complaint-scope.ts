import type { RecordScope } from './record-scope.js';

/**
 * A caseworker's cases: those assigned to them and those they filed. Every other rule in this
 * library (workers, steps, reminder owners) is built on this one.
 */
export function complaintOwnedBySql(complaint: string, userParam: string): string {
  return `(${complaint}."assignee_id" = ${userParam} OR ${complaint}."created_by" = ${userParam})`;
}

/**
 * The predicate that limits a query over complaints `complaint` to `scope`; null when nothing is
 * limited. For "own" the caller binds `scope.userId` to `userParam`.
 */
export function complaintScopeSql(scope: RecordScope, complaint: string, userParam: string): string | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'none':
      return 'FALSE';
    case 'own':
      return complaintOwnedBySql(complaint, userParam);
  }
}

/** The same rule for a complaint already loaded (checking a user named in a request). */
export function mayOpenComplaint(
  scope: RecordScope,
  complaint: { readonly assigneeId: string | null; readonly createdBy: string | null },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return complaint.assigneeId === scope.userId || complaint.createdBy === scope.userId;
  }
}
