import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { complaintWorkerIds } from '@mc/complaints';
import { WorkersService, type ResidenceStatus } from '@mc/migrants';
import { EscalationError } from './escalation-errors.js';
import type { StepType } from './step-types.js';

/** Residence statuses for which reporting to an inspectorate can turn against the worker. */
export const AT_RISK_RESIDENCE_STATUSES: readonly ResidenceStatus[] = ['undocumented', 'unknown'];

export const IMMIGRATION_RISK_WARNING =
  'Labour inspectorates (in Germany the FKS) also prosecute illegal employment of foreigners. ' +
  'At least one worker on this complaint is undocumented or of unknown residence status: an ' +
  'inspection can lead to their deportation. Talk it through with the worker, then confirm with ' +
  '"confirmImmigrationRisk": true.';

/** A step that needs the confirmation (422 in the API); says how many workers, never who. */
export class ImmigrationRiskNotConfirmedError extends EscalationError {
  constructor(readonly workersAtRisk: number) {
    super(
      'step.immigration-risk-not-confirmed',
      'A labour inspectorate step for this complaint needs an explicit immigration-risk confirmation',
      {
        type: 'urn:mc:problem:immigration-risk',
        details: { warning: IMMIGRATION_RISK_WARNING, workersAtRisk },
        fields: [{ field: 'confirmImmigrationRisk', message: 'Must be true for this complaint' }],
      },
    );
  }
}

/** The former name, kept for existing callers. */
export const ImmigrationRiskNotConfirmedException = ImmigrationRiskNotConfirmedError;

/** Whether a step type reports the workplace to the state, so it needs the risk check. */
export function needsImmigrationRiskCheck(type: StepType): boolean {
  return type === 'labour_inspectorate';
}

@Injectable()
export class ImmigrationRiskCheck {
  constructor(private readonly workers: WorkersService) {}

  /** How many workers of the complaint are undocumented or of unknown status (erased ones count as unknown). */
  async workersAtRisk(manager: EntityManager, complaintId: string): Promise<number> {
    const workerIds = await complaintWorkerIds(manager, complaintId);
    const statuses = await this.workers.residenceStatusOf(workerIds, manager);
    let atRisk = 0;
    for (const workerId of workerIds) {
      // A linked worker the lookup cannot find is treated as unknown: the cautious reading.
      const status = statuses.get(workerId) ?? 'unknown';
      if (AT_RISK_RESIDENCE_STATUSES.includes(status)) atRisk++;
    }
    return atRisk;
  }
}
