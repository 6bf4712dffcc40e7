import { Inject, Injectable, Optional } from '@nestjs/common';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import {
  JOB_QUEUE,
  jobOptionsOf,
  scheduledRunOptionsOf,
  type JobData,
  type JobName,
  type QueueName,
  type RepeatableSchedule,
  type RetiredSchedule,
} from './job-catalogue.js';

/** Injection token of the registered queues by name (built from `@InjectQueue` tokens). */
export const QUEUES_BY_NAME = Symbol('QUEUES_BY_NAME');

export type QueuesByName = ReadonlyMap<QueueName, Queue>;

export interface EnqueueOptions {
  /**
   * Deterministic id (`reminder-<id>-<fireAtEpochMs>`), so a retry or a reconciler run cannot
   * schedule the same work twice: BullMQ ignores an add whose id already exists.
   */
  jobId?: string;
  delayMs?: number;
  /**
   * Reserved: enqueueing inside a database transaction goes through the outbox, never through
   * `queue.add` (a rollback could not take the job back). `never` keeps anyone from passing one.
   */
  manager?: never;
}

/** A job id or payload BullMQ would refuse or mangle, caught before anything reaches Redis. */
export class InvalidJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobError';
  }
}

/** Redis did not take the job in time (down, or unreachable). Safe to retry with the same jobId. */
export class QueueUnavailableError extends Error {
  constructor(queue: string, cause: unknown) {
    super(`Queue ${queue} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

/** How long a producer waits for Redis before giving up on an enqueue. */
export const ENQUEUE_TIMEOUT_MS = 5_000;

export const JOB_PRODUCER_OPTIONS = Symbol('JOB_PRODUCER_OPTIONS');

export interface JobProducerOptions {
  timeoutMs?: number;
}

class EnqueueTimeout extends Error {}

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/.test(error.message)
  );
}

export function assertValidJobId(jobId: string): void {
  if (jobId.length === 0 || jobId.length > 200) throw new InvalidJobError('A job id must have 1 to 200 characters');
  // BullMQ treats ':' as its key separator (it refuses most such ids, and accepts some legacy shapes
  // that then collide with repeatable-job ids), so none are allowed here.
  if (jobId.includes(':')) throw new InvalidJobError(`A job id must not contain ':' (got ${JSON.stringify(jobId)})`);
  if (/^-?\d+$/.test(jobId)) throw new InvalidJobError('A job id must not be an integer (BullMQ reserves those)');
}

/** Payloads are flat records of ids: anything nested could smuggle personal data into Redis. */
export function assertIdsOnly(name: string, data: object): void {
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new InvalidJobError(`Job ${name}: payload field ${key} must be an id (string or number)`);
    }
  }
}

/**
 * The one way to put a job on a queue: the catalogue decides the queue, the payload type and the
 * job's options (attempts, backoff, removal), and holds the repeatable schedules this upserts.
 */
@Injectable()
export class JobProducer {
  private readonly timeoutMs: number;

  constructor(
    @Inject(QUEUES_BY_NAME) private readonly queuesByName: QueuesByName,
    @Optional() @Inject(JOB_PRODUCER_OPTIONS) options?: JobProducerOptions,
  ) {
    this.timeoutMs = options?.timeoutMs ?? ENQUEUE_TIMEOUT_MS;
  }

  async enqueue<N extends JobName>(name: N, data: JobData<N>, options: EnqueueOptions = {}): Promise<Job> {
    const queueName = JOB_QUEUE[name];
    const queue = this.queueOf(name);
    assertIdsOnly(name, data);
    const jobOptions: JobsOptions = jobOptionsOf(name);
    if (options.jobId !== undefined) {
      assertValidJobId(options.jobId);
      jobOptions.jobId = options.jobId;
    }
    if (options.delayMs !== undefined) {
      if (!Number.isInteger(options.delayMs) || options.delayMs < 0) {
        throw new InvalidJobError(`Job ${name}: delayMs must be a non-negative integer`);
      }
      jobOptions.delay = options.delayMs;
    }
    return this.withTimeout(queueName, queue.add(name, data, jobOptions));
  }

  /**
   * Adds many jobs of one name in one round trip (`addBulk`); jobs whose id BullMQ still holds are
   * left as they are, so re-adding a batch is harmless.
   */
  async enqueueMany<N extends JobName>(
    name: N,
    items: readonly { data: JobData<N>; jobId: string; delayMs?: number }[],
  ): Promise<void> {
    if (items.length === 0) return;
    const queueName = JOB_QUEUE[name];
    const queue = this.queueOf(name);
    const jobs = items.map((item) => {
      assertIdsOnly(name, item.data);
      assertValidJobId(item.jobId);
      const opts: JobsOptions = { ...jobOptionsOf(name), jobId: item.jobId };
      if (item.delayMs !== undefined && item.delayMs > 0) {
        if (!Number.isInteger(item.delayMs)) throw new InvalidJobError(`Job ${name}: delayMs must be an integer`);
        opts.delay = item.delayMs;
      }
      return { name, data: item.data, opts };
    });
    await this.withTimeout(queueName, queue.addBulk(jobs));
  }

  /** Removes waiting or delayed jobs by id (a job being processed stays: its handler re-checks the row). */
  async removeMany(name: JobName, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    const queue = this.queueOf(name);
    await this.withTimeout(JOB_QUEUE[name], Promise.all(jobIds.map((jobId) => queue.remove(jobId))));
  }

  /*
   * Schedules are the worker's: its Redis commands wait out an outage (there is no timeout here),
   * and its ScheduleKeeper decides how long a stop may wait for them.
   */

  /** Whether BullMQ holds the job scheduler of `schedule` (a flush or failover removes it). */
  async hasSchedule(schedule: RepeatableSchedule): Promise<boolean> {
    return (await this.queueOf(schedule.job).getJobScheduler(schedule.id)) !== undefined;
  }

  /** Creates or updates the job scheduler of `schedule` (idempotent: every worker replica may). */
  async upsertSchedule(schedule: RepeatableSchedule): Promise<void> {
    assertValidJobId(schedule.id);
    await this.queueOf(schedule.job).upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs },
      { name: schedule.job, data: {}, opts: scheduledRunOptionsOf(schedule.job) },
    );
  }

  /** Adds one run of `schedule` now, under `jobId` (replicas using the same id run it once). */
  async runScheduleNow(schedule: RepeatableSchedule, jobId: string): Promise<void> {
    assertValidJobId(jobId);
    await this.queueOf(schedule.job).add(schedule.job, {}, { ...scheduledRunOptionsOf(schedule.job), jobId });
  }

  /**
   * Removes the job schedulers an earlier release created and this one retired (`RETIRED_SCHEDULES`
   * of the catalogue): a schedule moved to another queue (`outbox.relay` left `outreach` for
   * `outbox`) would otherwise keep adding jobs no handler of that queue takes. Only those listed:
   * a scheduler this build does not know may belong to a newer release in a rolling deploy.
   * Returns `queue/id` of each one removed.
   */
  async removeRetiredSchedules(retired: readonly RetiredSchedule[]): Promise<string[]> {
    const removed: string[] = [];
    const template = this.queuesByName.values().next().value;
    if (!template) return removed;
    for (const { queue: queueName, id } of retired) {
      // A queue left without jobs is no longer registered, but its old scheduler may still be in
      // Redis: look at it through a queue of the same connection and prefix.
      const registered = this.queuesByName.get(queueName);
      const queue =
        registered ?? new Queue(queueName, { connection: template.opts.connection, prefix: template.opts.prefix });
      try {
        if ((await queue.getJobScheduler(id)) === undefined) continue;
        await queue.removeJobScheduler(id);
        removed.push(`${queueName}/${id}`);
      } finally {
        if (!registered) await queue.close();
      }
    }
    return removed;
  }

  private queueOf(name: JobName): Queue {
    const queue = this.queuesByName.get(JOB_QUEUE[name]);
    if (!queue) throw new Error(`Queue ${JOB_QUEUE[name]} (of job ${name}) is not registered`);
    return queue;
  }

  /** The registered queues, for metrics and operations pages. */
  queues(): Queue[] {
    return [...this.queuesByName.values()];
  }

  private async withTimeout<T>(queueName: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EnqueueTimeout(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      if (error instanceof EnqueueTimeout || isConnectionError(error))
        throw new QueueUnavailableError(queueName, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
