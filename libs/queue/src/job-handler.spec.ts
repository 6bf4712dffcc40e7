import { Injectable, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Queue, Worker, type Job } from 'bullmq';
import { describe, expect, inject, it } from 'vitest';
import { JOB_NAMES, type JobName } from './job-catalogue.js';
import { JobDispatcher } from './job-dispatcher.js';
import { findHandlerProblems, JobHandler, JobHandlerCheckError, type JobHandlerOf } from './job-handler.js';

describe('job handler check', () => {
  const catalogue = ['queue.probe', 'reminder.fire'];

  it('accepts exactly one handler per catalogue job', () => {
    expect(
      findHandlerProblems(catalogue, [
        { jobName: 'queue.probe', handler: 'QueueProbeHandler' },
        { jobName: 'reminder.fire', handler: 'ReminderFireHandler' },
      ]),
    ).toEqual([]);
  });

  it('names every job that has no handler', () => {
    expect(findHandlerProblems(catalogue, [])).toEqual(['no handler for queue.probe, reminder.fire']);
  });

  it('names a job that has two handlers, and both handlers', () => {
    expect(
      findHandlerProblems(catalogue, [
        { jobName: 'queue.probe', handler: 'A' },
        { jobName: 'queue.probe', handler: 'B' },
        { jobName: 'reminder.fire', handler: 'C' },
      ]),
    ).toEqual(['queue.probe has 2 handlers (A, B)']);
  });

  it('names a handler of a job the catalogue does not have', () => {
    expect(
      findHandlerProblems(catalogue, [
        { jobName: 'queue.probe', handler: 'A' },
        { jobName: 'reminder.fire', handler: 'C' },
        { jobName: 'reminder.frie', handler: 'Typo' },
      ]),
    ).toEqual(['Typo handle(s) unknown job reminder.frie']);
  });
});

describe('JobDispatcher', () => {
  const handled: string[] = [];

  @JobHandler('queue.probe')
  class ProbeHandler implements JobHandlerOf<'queue.probe'> {
    async handle(data: { probeId: string }): Promise<void> {
      handled.push(data.probeId);
    }
  }

  @JobHandler('queue.probe')
  class SecondProbeHandler implements JobHandlerOf<'queue.probe'> {
    async handle(): Promise<void> {}
  }

  @Injectable()
  class UnrelatedService {}

  async function appWith(...providers: Type[]): Promise<INestApplicationContext> {
    @Module({ imports: [DiscoveryModule], providers: [JobDispatcher, UnrelatedService, ...providers] })
    class TestModule {}
    return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
  }

  it('refuses to start when a catalogue job has no handler, naming it', async () => {
    const error = await appWith().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobHandlerCheckError);
    expect((error as Error).message).toContain('no handler for queue.probe');
  });

  it('refuses to start when a job has two handlers', async () => {
    const error = await appWith(ProbeHandler, SecondProbeHandler).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobHandlerCheckError);
    expect((error as Error).message).toMatch(/queue\.probe has 2 handlers \(ProbeHandler, SecondProbeHandler\)/);
  });

  /** Stand-ins for the catalogue's other jobs, so the check passes and only probe routing is tested. */
  const otherJobHandlers = JOB_NAMES.filter((name) => name !== 'queue.probe').map((name) => {
    @JobHandler(name)
    class StubHandler implements JobHandlerOf<JobName> {
      async handle(): Promise<void> {}
    }
    Object.defineProperty(StubHandler, 'name', { value: `StubHandlerOf_${name}` });
    return StubHandler;
  });

  it('starts with one handler per job and routes a job to it', async () => {
    const app = await appWith(ProbeHandler, ...otherJobHandlers);
    try {
      await app.init();
      await app.get(JobDispatcher).dispatch('maintenance', { name: 'queue.probe', data: { probeId: 'p1' } } as Job);
      expect(handled).toEqual(['p1']);
      await expect(
        app.get(JobDispatcher).dispatch('maintenance', { name: 'no.such.job', data: {} } as Job),
      ).rejects.toMatchObject({ name: 'UnrecoverableError' });
      await expect(
        app.get(JobDispatcher).dispatch('reminders', { name: 'queue.probe', data: { probeId: 'p2' } } as Job),
      ).rejects.toThrow(/belongs on queue maintenance/);
    } finally {
      await app.close();
    }
  });
});

describe('a failed job as BullMQ keeps it (real Redis)', () => {
  @JobHandler('queue.probe')
  class FailingProbeHandler implements JobHandlerOf<'queue.probe'> {
    async handle(): Promise<void> {
      // What a handler may meet: a database error quoting a value, a mail server quoting an address.
      throw Object.assign(
        new Error('invalid input syntax for type uuid: "Iryna Petrenko"; 550 <iryna.p@example.org> rejected'),
        { code: '22P02' },
      );
    }
  }
  const otherJobHandlers = JOB_NAMES.filter((name) => name !== 'queue.probe').map((name) => {
    @JobHandler(name)
    class StubHandler implements JobHandlerOf<JobName> {
      async handle(): Promise<void> {}
    }
    Object.defineProperty(StubHandler, 'name', { value: `StubFor_${name}` });
    return StubHandler;
  });

  it('stores no quoted value, name or address in failedReason or the stack trace', async () => {
    @Module({ imports: [DiscoveryModule], providers: [JobDispatcher, FailingProbeHandler, ...otherJobHandlers] })
    class FailingModule {}
    const app = await NestFactory.createApplicationContext(FailingModule, { logger: false, abortOnError: false });
    await app.init();
    const connection = { url: inject('redisUrl') };
    const prefix = `${inject('redisPrefix')}-scrub`;
    const queue = new Queue('scrub', { connection, prefix });
    const worker = new Worker('scrub', (job) => app.get(JobDispatcher).dispatch('maintenance', job), {
      connection,
      prefix,
    });
    try {
      const failed = new Promise<void>((resolve) => worker.once('failed', () => resolve()));
      const job = await queue.add('queue.probe', { probeId: 'p' }, { attempts: 1 });
      await failed;
      const stored = (await queue.getJob(job.id!))!;
      const kept = JSON.stringify({ reason: stored.failedReason, stack: stored.stacktrace });
      expect(stored.failedReason).toBe('invalid input syntax for type uuid: "…"; 550 <<email>> rejected');
      expect(kept).not.toMatch(/Iryna|iryna|example\.org/);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await app.close();
    }
  });
});
