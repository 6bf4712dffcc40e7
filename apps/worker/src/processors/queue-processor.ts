import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { catalogueBackoffStrategy, DeadLetterService, JobDispatcher, type QueueName } from '@mc/queue';
import type { WorkerSettings } from '../worker-settings.js';

/**
 * The consumer of one queue: hands each job to its `@JobHandler` through the dispatcher and writes
 * final failures to `dead_letters`. Workers are created paused (`autorun: false`) and start only
 * after the handler check passed, so no job is taken by a worker that cannot handle it.
 */
@Injectable()
export abstract class QueueProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly queueName: QueueName;
  private readonly logger = new Logger(this.constructor.name);
  private readonly pendingDeadLetters = new Set<Promise<unknown>>();

  constructor(
    private readonly dispatcher: JobDispatcher,
    private readonly deadLetters: DeadLetterService,
  ) {
    super();
  }

  async process(job: Job): Promise<void> {
    await this.dispatcher.dispatch(this.queueName, job);
  }

  onApplicationBootstrap(): void {
    this.dispatcher.verify();
    this.worker.on('failed', (job: Job | undefined, error: Error) => this.onFailed(job, error));
    this.worker.on('error', (error: Error) => this.logger.error({ err: error }, 'worker error'));
    this.worker.run().catch((error: unknown) => this.logger.error({ err: error }, 'worker stopped'));
  }

  /**
   * Runs before any module's `onApplicationShutdown`, i.e. while Postgres and Redis are still
   * open: `close()` waits for the active jobs to finish, then their dead-letter writes land.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await Promise.allSettled([...this.pendingDeadLetters]);
  }

  private onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(
      {
        queue: this.queueName,
        jobName: job?.name,
        jobId: job?.id,
        attemptsMade: job?.attemptsMade,
        // The object, so the log serializer strips values a database error may quote.
        err: error,
      },
      'job failed',
    );
    const write = this.deadLetters
      .recordIfFinal(this.queueName, job, error)
      .catch((writeError: unknown) =>
        this.logger.error({ err: writeError, jobId: job?.id }, 'could not write a dead letter'),
      );
    this.pendingDeadLetters.add(write);
    void write.finally(() => this.pendingDeadLetters.delete(write));
  }
}

function className(queue: string): string {
  return `${queue.replace(/(^|[^a-z0-9])([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase())}QueueProcessor`;
}

/**
 * One `@Processor(queue)` class per queue, with the worker settings of this process (decorator
 * options are fixed per class, so the class is made when the settings are known).
 */
export function queueProcessorFor(queue: QueueName, settings: WorkerSettings): Type<QueueProcessor> {
  @Injectable()
  @Processor(queue, {
    autorun: false,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: 1,
    // Jobs whose backoff is a `schedule` of their own (hours apart, for a partner's endpoint).
    settings: { backoffStrategy: catalogueBackoffStrategy },
  })
  class ProcessorOfQueue extends QueueProcessor {
    protected readonly queueName = queue;
  }
  Object.defineProperty(ProcessorOfQueue, 'name', { value: className(queue) });
  return ProcessorOfQueue;
}
