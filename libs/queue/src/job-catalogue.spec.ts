import type { MinimalJob } from 'bullmq';
import { describe, expect, it } from 'vitest';
import {
  backoffScheduleDelay,
  catalogueBackoffStrategy,
  JOB_CATALOGUE,
  JOB_NAMES,
  JOB_QUEUE,
  jobOptionsOf,
  QUEUE_NAMES,
  REGISTERED_QUEUES,
  REPEATABLE_SCHEDULES,
  scheduledRunOptionsOf,
  type JobDefinition,
} from './job-catalogue.js';
import { assertValidJobId } from './job-producer.js';
import { DEFAULT_JOB_OPTIONS } from './queue-options.js';

describe('job catalogue', () => {
  it('gives every job a queue, attempts, a backoff and removal limits', () => {
    for (const name of JOB_NAMES) {
      const definition: JobDefinition = JOB_CATALOGUE[name];
      expect(REGISTERED_QUEUES, name).toContain(definition.queue);
      expect(Number.isInteger(definition.attempts) && definition.attempts >= 1, name).toBe(true);
      expect(['exponential', 'fixed', 'schedule'], name).toContain(definition.backoff.type);
      expect(definition.removeOnComplete, name).toBeDefined();
      expect(definition.removeOnFail, name).toBeDefined();
      const options = jobOptionsOf(name);
      expect(options, name).toMatchObject({ attempts: definition.attempts });
      expect(options.backoff, name).toBeDefined();
    }
  });

  it('keeps the released policy for every job today: 5 attempts, exponential from 1 s, as the queue defaults', () => {
    for (const name of JOB_NAMES) expect(jobOptionsOf(name), name).toEqual({ ...DEFAULT_JOB_OPTIONS });
    expect(DEFAULT_JOB_OPTIONS).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 1_000 } });
  });

  it('puts outbox.relay on a queue of its own, so slow jobs elsewhere cannot hold up the relay', () => {
    expect(JOB_QUEUE['outbox.relay']).toBe(QUEUE_NAMES.outbox);
    const others = JOB_NAMES.filter(
      (name) => name !== 'outbox.relay' && (JOB_QUEUE[name] as string) === QUEUE_NAMES.outbox,
    );
    expect(others).toEqual([]);
  });

  it('registers exactly the queues some job uses', () => {
    expect([...REGISTERED_QUEUES].sort()).toEqual([...new Set(Object.values(JOB_QUEUE))].sort());
  });

  it('gives each schedule an id BullMQ accepts (no colon), used once, for a data-less job', () => {
    expect(REPEATABLE_SCHEDULES.length).toBeGreaterThan(0);
    const ids = REPEATABLE_SCHEDULES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const schedule of REPEATABLE_SCHEDULES) {
      expect(schedule.id).not.toContain(':');
      expect(() => assertValidJobId(schedule.id)).not.toThrow();
      expect(() => assertValidJobId(`${schedule.id}-start-${Math.floor(Date.now() / 60_000)}`)).not.toThrow();
      expect(Number.isInteger(schedule.everyMs) && schedule.everyMs > 0).toBe(true);
      expect(JOB_CATALOGUE[schedule.job].repeat?.id).toBe(schedule.id);
    }
  });

  it('lists the released schedules unchanged', () => {
    expect(REPEATABLE_SCHEDULES).toEqual([
      { id: 'outbox-relay', job: 'outbox.relay', everyMs: 2_000 },
      { id: 'reminder-relay', job: 'reminder.relay', everyMs: 5_000 },
      { id: 'deadline-sweep', job: 'deadline.sweep', everyMs: 5 * 60_000, runAtStart: true },
      { id: 'idempotency-purge', job: 'idempotency.purge', everyMs: 10 * 60_000, runAtStart: true },
      { id: 'audit-checkpoint', job: 'audit.checkpoint', everyMs: 5 * 60_000, runAtStart: true },
      { id: 'deadlines-recompute', job: 'deadlines.recompute', everyMs: 60 * 60_000, runAtStart: true },
    ]);
  });

  it('does not retry a scheduled run (the next run is the retry) and drops it when it completes', () => {
    for (const schedule of REPEATABLE_SCHEDULES) {
      expect(scheduledRunOptionsOf(schedule.job)).toEqual({
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: DEFAULT_JOB_OPTIONS.removeOnFail,
      });
    }
  });

  it('waits as a backoff schedule lists, repeating its last wait', () => {
    const hours = [60_000, 3_600_000, 6 * 3_600_000];
    expect([1, 2, 3, 4, 9].map((attemptsMade) => backoffScheduleDelay(hours, attemptsMade))).toEqual([
      60_000,
      3_600_000,
      6 * 3_600_000,
      6 * 3_600_000,
      6 * 3_600_000,
    ]);
    expect(() => backoffScheduleDelay([], 1)).toThrow();
  });

  it('refuses a backoff schedule for a job that has none', () => {
    const job = { name: 'email.send' } as MinimalJob;
    expect(() => catalogueBackoffStrategy(1, 'schedule', undefined, job)).toThrow(/no backoff schedule/);
  });
});
