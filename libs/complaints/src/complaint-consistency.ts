import { ComplaintError } from './complaint-errors.js';
export interface ComplaintShape {
  countryOfWork: string;
  region: string | null;
  employmentStart: string | null;
  employmentEnd: string | null;
  workersAffected: number;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Rules across fields, checked on the complaint as it will be stored (a PATCH may change one side
 * only): the region lies in the country of work (it picks the holiday calendar of deadlines),
 * employment does not end before it starts, and at least the attached workers are affected.
 */
export function complaintConsistencyProblems(shape: ComplaintShape, attachedWorkers: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (shape.region !== null && shape.region.slice(0, 2) !== shape.countryOfWork) {
    problems.push({ field: 'region', message: `region must be a subdivision of ${shape.countryOfWork}` });
  }
  if (shape.employmentStart !== null && shape.employmentEnd !== null && shape.employmentEnd < shape.employmentStart) {
    problems.push({ field: 'employmentEnd', message: 'employmentEnd must not be before employmentStart' });
  }
  if (shape.workersAffected < attachedWorkers) {
    problems.push({
      field: 'workersAffected',
      message: `workersAffected must be at least the number of workers on the complaint (${attachedWorkers})`,
    });
  }
  return problems;
}

/** 400 with `errors`, like the API's validation errors. */
export function assertComplaintConsistent(shape: ComplaintShape, attachedWorkers: number): void {
  const errors = complaintConsistencyProblems(shape, attachedWorkers);
  if (errors.length > 0)
    throw new ComplaintError('complaint.inconsistent', 'The request is not valid', { fields: errors });
}
