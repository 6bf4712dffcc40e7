import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { UnrecoverableError, type Job } from 'bullmq';
import { scrubError } from '@mc/logging';
import { JOB_NAMES, JOB_QUEUE, isJobName, type JobName, type QueueName } from './job-catalogue.js';
import {
  assertEveryJobHasOneHandler,
  jobHandlerNameOf,
  type DiscoveredHandler,
  type JobHandlerOf,
} from './job-handler.js';

/**
 * Finds the `@JobHandler` providers of the application and routes each job to its handler.
 * Only the worker provides it; `verify()` runs at bootstrap, before any worker takes a job.
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobDispatcher.name);
  private handlers?: ReadonlyMap<JobName, JobHandlerOf<JobName>>;

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.verify();
  }

  /** Discovers handlers once and throws, naming the jobs, unless each catalogue job has exactly one. */
  verify(): void {
    if (this.handlers) return;
    const found: DiscoveredHandler[] = [];
    const handlers = new Map<JobName, JobHandlerOf<JobName>>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const type = wrapper.metatype && !wrapper.inject ? wrapper.metatype : (instance as object | null)?.constructor;
      const jobName = jobHandlerNameOf(type);
      if (!jobName) continue;
      found.push({ jobName, handler: wrapper.name ? String(wrapper.name) : 'anonymous' });
      if (isJobName(jobName)) handlers.set(jobName, instance as JobHandlerOf<JobName>);
    }
    assertEveryJobHasOneHandler(JOB_NAMES, found);
    this.handlers = handlers;
    this.logger.log(`job handlers: ${JOB_NAMES.join(', ')}`);
  }

  async dispatch(queue: QueueName, job: Job): Promise<void> {
    this.verify();
    const name = job.name;
    // A job the catalogue doesn't know (an older or newer release wrote it) can never succeed here.
    if (!isJobName(name)) throw new UnrecoverableError(`Unknown job ${name} on queue ${queue}`);
    if (JOB_QUEUE[name] !== queue)
      throw new UnrecoverableError(`Job ${name} belongs on queue ${JOB_QUEUE[name]}, not ${queue}`);
    const handler = this.handlers!.get(name)!;
    try {
      await handler.handle(job.data as never, job);
    } catch (error) {
      // What BullMQ keeps of a failure (Redis, the queue board, dead letters) must not quote a
      // name, an address or a database value the handler happened to touch.
      throw scrubError(error);
    }
  }
}
