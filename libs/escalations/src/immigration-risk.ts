import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ComplaintWorker } from '@mc/complaints';
import { WorkersService, type ResidenceStatus } from '@mc/migrants';
import type { StepType } from './step-types.js';

/** Residence statuses for which reporting to an inspectorate can turn against the worker. */
export const AT_RISK_RESIDENCE_STATUSES: readonly ResidenceStatus[] = ['undocumented', 'unknown'];

export const IMMIGRATION_RISK_WARNING =
  'Labour inspectorates (in Germany the FKS) also prosecute illegal employment of foreigners. ' +
  'At least one worker on this complaint is undocumented or of unknown residence status: an ' +
  'inspection can lead to their deportation. Talk it through with the worker, then confirm with ' +
  '"confirmImmigrationRisk": true.';

/** 422 body of a step that needs the confirmation; says how many workers, never who. */
export class ImmigrationRiskNotConfirmedException extends UnprocessableEntityException {
  constructor(workersAtRisk: number) {
    super({
      message: 'A labour inspectorate step for this complaint needs an explicit immigration-risk confirmation',
      type: 'urn:mc:problem:immigration-risk',
      warning: IMMIGRATION_RISK_WARNING,
      workersAtRisk,
      errors: [{ field: 'confirmImmigrationRisk', message: 'Must be true for this complaint' }],
    });
  }
}

/** Whether a step type reports the workplace to the state, so it needs the risk check. */
export function needsImmigrationRiskCheck(type: StepType): boolean {
  return type === 'labour_inspectorate';
}

@Injectable()
export class ImmigrationRiskCheck {
  constructor(private readonly workers: WorkersService) {}

  /** How many workers of the complaint are undocumented or of unknown status (erased ones count as unknown). */
  async workersAtRisk(manager: EntityManager, complaintId: string): Promise<number> {
    const links = await manager.find(ComplaintWorker, { where: { complaintId }, select: { workerId: true } });
    const statuses = await this.workers.residenceStatusOf(
      links.map((l) => l.workerId),
      manager,
    );
    let atRisk = 0;
    for (const link of links) {
      // A linked worker the lookup cannot find is treated as unknown: the cautious reading.
      const status = statuses.get(link.workerId) ?? 'unknown';
      if (AT_RISK_RESIDENCE_STATUSES.includes(status)) atRisk++;
    }
    return atRisk;
  }
}
