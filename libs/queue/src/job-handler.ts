import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobData, JobName } from './job-catalogue.js';

export const JOB_HANDLER_METADATA = 'mc:job-handler';

/**
 * What a handler does with one job. It must be safe to run twice (read the row, check its state,
 * act, write the new state) and must throw on failure (or `UnrecoverableError` when retrying
 * cannot help) so BullMQ retries with backoff and finally dead-letters the job.
 */
export interface JobHandlerOf<N extends JobName> {
  handle(data: JobData<N>, job: Job): Promise<void>;
}

/**
 * Marks a provider as the handler of one catalogue job (and makes it injectable). The type
 * parameter ties the class to the payload type of that job.
 */
export function JobHandler<N extends JobName>(name: N) {
  return <T extends abstract new (...args: never[]) => JobHandlerOf<N>>(target: T): void => {
    Reflect.defineMetadata(JOB_HANDLER_METADATA, name, target);
    Injectable()(target as unknown as new (...args: never[]) => unknown);
  };
}

export function jobHandlerNameOf(target: unknown): string | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getOwnMetadata(JOB_HANDLER_METADATA, target) as string | undefined;
}

export interface DiscoveredHandler {
  jobName: string;
  handler: string;
}

/** Thrown at worker start-up: a job nobody handles would sit in Redis until it dead-letters. */
export class JobHandlerCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`Job handler check failed: ${problems.join('; ')}`);
    this.name = 'JobHandlerCheckError';
  }
}

/** Every catalogue job needs exactly one handler, and every handler must name a catalogue job. */
export function findHandlerProblems(jobNames: readonly string[], found: readonly DiscoveredHandler[]): string[] {
  const problems: string[] = [];
  const byJob = new Map<string, string[]>();
  for (const { jobName, handler } of found) byJob.set(jobName, [...(byJob.get(jobName) ?? []), handler]);
  const missing = jobNames.filter((name) => !byJob.has(name));
  if (missing.length > 0) problems.push(`no handler for ${missing.join(', ')}`);
  for (const [jobName, handlers] of byJob) {
    if (!jobNames.includes(jobName)) problems.push(`${handlers.join(', ')} handle(s) unknown job ${jobName}`);
    else if (handlers.length > 1) problems.push(`${jobName} has ${handlers.length} handlers (${handlers.join(', ')})`);
  }
  return problems;
}

export function assertEveryJobHasOneHandler(jobNames: readonly string[], found: readonly DiscoveredHandler[]): void {
  const problems = findHandlerProblems(jobNames, found);
  if (problems.length > 0) throw new JobHandlerCheckError(problems);
}
