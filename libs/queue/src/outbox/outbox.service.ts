import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId } from '@mc/database';
import { JOB_QUEUE, type JobData, type JobName } from '../job-catalogue.js';
import { assertIdsOnly, assertValidJobId, InvalidJobError } from '../job-producer.js';
import { OutboxMessage } from './outbox-message.entity.js';
import { AfterCommit } from '../after-commit.js';
import { OutboxNudger } from './outbox-nudger.js';

export interface OutboxOptions {
  /** Deterministic job id (no ':'); default `outbox-<row id>`. */
  jobId?: string;
  /** Delay counted from now (the row's creation), in ms. */
  delayMs?: number;
}

/** The job id the relay uses for a row that did not name one. */
export function outboxJobId(rowId: string): string {
  return `outbox-${rowId}`;
}

/**
 * Writes that must cause a job go through here, inside their own transaction: the job exists
 * exactly when the change committed. `OutboxRelay` turns the rows into BullMQ jobs.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly afterCommit: AfterCommit,
    private readonly nudger: OutboxNudger,
  ) {}

  /** Inserts one outbox row with `manager` (the caller's transaction); returns the row id. */
  async add<N extends JobName>(
    manager: EntityManager,
    name: N,
    data: JobData<N>,
    options: OutboxOptions = {},
  ): Promise<string> {
    // Checked now, not at relay time: a bad row would otherwise fail in the background, late.
    if (!Object.hasOwn(JOB_QUEUE, name)) throw new InvalidJobError(`Unknown job ${String(name)}`);
    assertIdsOnly(name, data);
    if (options.jobId !== undefined) assertValidJobId(options.jobId);
    const delayMs = options.delayMs ?? 0;
    if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 2_147_483_647) {
      throw new InvalidJobError(`Job ${name}: delayMs must be a non-negative 32-bit integer`);
    }
    const id = newId();
    await manager.insert(OutboxMessage, {
      id,
      jobName: name,
      data: { ...data } as Record<string, string | number>,
      jobId: options.jobId ?? null,
      delayMs,
    });
    // The relay is nudged once the row has committed (at once when it autocommitted already).
    this.afterCommit.add(manager, this.nudger, undefined);
    return id;
  }
}
