import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Repository } from 'typeorm';
import { newId } from '@mc/database';
import { DeadLetter } from './dead-letter.entity.js';

/** Long enough for a stack-less message; error texts are ours and quote ids, not people. */
const MAX_ERROR_LENGTH = 4_000;

/** A failure is final when BullMQ will not retry it: no attempts left, or unrecoverable. */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: Error | undefined): boolean {
  if (error instanceof UnrecoverableError || error?.name === 'UnrecoverableError') return true;
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(@InjectRepository(DeadLetter) private readonly deadLetters: Repository<DeadLetter>) {}

  /**
   * Called on every `failed` event of a worker; writes a row only for the final failure.
   * Returns the row written, or null when BullMQ will retry the job.
   */
  async recordIfFinal(queue: string, job: Job | undefined, error: Error | undefined): Promise<DeadLetter | null> {
    if (!job || !isFinalFailure(job, error)) return null;
    const row = this.deadLetters.create({
      id: newId(),
      queue,
      jobName: job.name,
      jobId: job.id ?? '',
      data: (job.data ?? {}) as Record<string, string | number>,
      error: (error?.message ?? 'unknown error').slice(0, MAX_ERROR_LENGTH),
      attempts: job.attemptsMade,
      failedAt: new Date(),
    });
    await this.deadLetters.insert(row);
    this.logger.error({ queue, jobName: job.name, jobId: job.id, attempts: job.attemptsMade }, 'job dead-lettered');
    return row;
  }

  findByJob(queue: string, jobId: string): Promise<DeadLetter[]> {
    return this.deadLetters.find({ where: { queue, jobId }, order: { failedAt: 'ASC' } });
  }
}
