import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ComplaintChangeListeners, type ComplaintChangeListener } from '@mc/complaints';
import { reminderJobId, ReminderJobs } from '@mc/escalations';
import { JobProducer, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName, waitFor } from '@mc/testing';
import { createWorkerApp, DEFAULT_WORKER_SETTINGS, DeadlinesRecomputeRunner, REPEATABLE_SCHEDULES } from '@mc/worker';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, createComplaint, type TestUser } from '../e2e/complaints.helpers.js';

interface TimelineItem {
  type: string;
  data: Record<string, unknown>;
}

/*
 * `deadlines.recompute`: a new calendar (or rule) version recomputes the stored deadlines of open
 * complaints, says so on the timeline, moves the legal steps and their reminders and tells the
 * assignee of a date that came earlier; finished complaints are left alone; a second run finds
 * nothing. The old version is simulated as the migration leaves old rows: the stored row names a
 * calendar version that is not current (here `nl.atw.3@0`, with the later date it would have
 * given), and the legal step and its reminders were planned for that date.
 */
describe('deadlines.recompute', () => {
  let api: TestApi;
  let ds: DataSource;
  let worker: INestApplicationContext | undefined;
  let caseworker: TestUser;
  let coordinator: TestUser;

  // A database of this file alone: the job recomputes every stale complaint it finds.
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_dl_recompute');

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl, LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
    coordinator = await api.userWithRole('coordinator');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  const timeline = async (id: string): Promise<TimelineItem[]> =>
    (await api.get(`${COMPLAINTS}/${id}/timeline?limit=100`, { token: caseworker.token })).body.items;
  const stored = async (id: string) =>
    (await ds.query(
      `SELECT due_date::text, calendar_version_key, rolled_over FROM complaint_deadlines
        WHERE complaint_id = $1 AND rule_id = 'nl.bw.7-686a'`,
      [id],
    )) as { due_date: string; calendar_version_key: string | null; rolled_over: unknown }[];
  const stepOf = async (stepId: string) =>
    (
      (await ds.query(`SELECT due_date::text, due_at FROM escalation_steps WHERE id = $1`, [stepId])) as {
        due_date: string;
        due_at: Date;
      }[]
    )[0]!;
  const remindersOf = async (stepId: string) =>
    (await ds.query(
      `SELECT id, reminder_offset, fire_at, status FROM reminders WHERE step_id = $1 ORDER BY reminder_offset`,
      [stepId],
    )) as { id: string; reminder_offset: string; fire_at: Date; status: string }[];
  const notificationsOf = async (complaintId: string) =>
    (await ds.query(`SELECT user_id, kind, params FROM notifications WHERE complaint_id = $1`, [complaintId])) as {
      user_id: string;
      kind: string;
      params: Record<string, unknown>;
    }[];

  /** An NL case whose nl.bw.7-686a falls on the statute's 5 May 2027, with a legal court step and its reminders. */
  const nlCase = async (options: { assign?: boolean } = {}) => {
    const complaint = await createComplaint(api, caseworker, {
      categories: ['unlawful_dismissal'],
      countryOfWork: 'NL',
      region: null,
      city: 'Venlo',
      employmentStart: '2026-06-01',
      employmentEnd: '2027-03-05',
    });
    if (options.assign !== false) {
      const assigned = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: caseworker.id },
        { token: coordinator.token },
      );
      expect(assigned.status, assigned.text).toBe(200);
    }
    const step = await api.post(
      `${COMPLAINTS}/${complaint.id}/steps`,
      { type: 'labour_court', deadlineRuleId: 'nl.bw.7-686a' },
      { token: caseworker.token },
    );
    expect(step.status, step.text).toBe(201);
    expect(step.body.dueDate).toBe('2027-05-07');
    await api.app.get(ReminderJobs).idle();
    return { id: complaint.id as string, reference: complaint.reference as string, stepId: step.body.id as string };
  };

  /** As if computed with calendar version 0, which did not list 5 and 6 May: the row, the step and its reminders three days later. */
  const ageToOldCalendar = async (c: { id: string; stepId: string }) => {
    await ds.query(
      `UPDATE complaint_deadlines SET calendar_version_key = 'nl.atw.3@0', due_date = '2027-05-10', rolled_from = NULL,
              rolled_over = '[]' WHERE complaint_id = $1 AND rule_id = 'nl.bw.7-686a'`,
      [c.id],
    );
    await ds.query(
      `UPDATE escalation_steps SET due_date = '2027-05-10', due_at = due_at + interval '3 days',
              overdue_at = overdue_at + interval '3 days' WHERE id = $1`,
      [c.stepId],
    );
    await ds.query(`UPDATE reminders SET fire_at = fire_at + interval '3 days' WHERE step_id = $1`, [c.stepId]);
  };

  it('is one of the repeatable schedules, hourly and at worker start', () => {
    expect(REPEATABLE_SCHEDULES).toContainEqual({
      id: 'deadlines-recompute',
      job: 'deadlines.recompute',
      everyMs: 60 * 60_000,
      runAtStart: true,
    });
  });

  it('recomputes an open complaint, notes it, moves its step and reminders, tells the assignee; leaves a closed one alone', async () => {
    const open = await nlCase();
    const planned = await remindersOf(open.stepId);
    const plannedStep = await stepOf(open.stepId);
    expect(planned.length).toBeGreaterThan(0);
    await ageToOldCalendar(open);

    const closed = await nlCase();
    for (const to of ['triage', 'open', 'escalated']) {
      const res = await api.post(`${COMPLAINTS}/${closed.id}/transitions`, { to }, { token: caseworker.token });
      expect(res.status, res.text).toBe(200);
    }
    for (const body of [{ to: 'resolved', outcome: 'withdrawn' }, { to: 'closed' }]) {
      const res = await api.post(`${COMPLAINTS}/${closed.id}/transitions`, body, { token: caseworker.token });
      expect(res.status, res.text).toBe(200);
    }
    await ageToOldCalendar(closed);
    const closedBefore = {
      rows: await stored(closed.id),
      step: await stepOf(closed.stepId),
      events: (await timeline(closed.id)).length,
    };

    worker = await createWorkerApp(api.config, DEFAULT_WORKER_SETTINGS);
    // The run at start finds the aged row.
    await waitFor(
      () => stored(open.id),
      (rows) => rows[0]?.calendar_version_key === 'nl.atw.3@1',
      20_000,
    );
    await worker.get(ReminderJobs).idle();

    expect(await stored(open.id)).toEqual([
      {
        due_date: '2027-05-07',
        calendar_version_key: 'nl.atw.3@1',
        rolled_over: [
          { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
          { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
        ],
      },
    ]);
    const events = await timeline(open.id);
    expect(events.filter((e) => e.type === 'deadline.moved').map((e) => e.data)).toEqual([
      {
        ruleId: 'nl.bw.7-686a',
        previousDueDate: '2027-05-10',
        dueDate: '2027-05-07',
        previousRuleVersion: 1,
        ruleVersion: 1,
        previousCalendarVersionKey: 'nl.atw.3@0',
        calendarVersionKey: 'nl.atw.3@1',
      },
    ]);
    expect(events.filter((e) => e.type === 'step.due_changed').at(-1)?.data).toEqual({
      stepId: open.stepId,
      deadlineRuleId: 'nl.bw.7-686a',
      dueDate: '2027-05-07',
      previousDueDate: '2027-05-10',
    });
    // The step and its reminders are back on the dates the statute gives, the reminders' jobs with them.
    expect(await stepOf(open.stepId)).toEqual(plannedStep);
    const reminders = await remindersOf(open.stepId);
    expect(reminders.map((r) => [r.id, r.fire_at.getTime(), r.status])).toEqual(
      planned.map((r) => [r.id, r.fire_at.getTime(), 'pending']),
    );
    const queue = api.app.get<QueuesByName>(QUEUES_BY_NAME).get('reminders')!;
    for (const r of reminders) {
      expect(await (await queue.getJob(reminderJobId(r.id, r.fire_at)))?.getState(), r.reminder_offset).toBe('delayed');
    }
    // Earlier than planned: the assignee hears of it, with ids and dates only.
    expect(await notificationsOf(open.id)).toEqual([
      {
        user_id: caseworker.id,
        kind: 'deadline.moved_earlier',
        params: {
          reference: open.reference,
          deadlineRuleId: 'nl.bw.7-686a',
          previousDueDate: '2027-05-10',
          dueDate: '2027-05-07',
          ruleVersionKey: 'nl.bw.7-686a@1',
          calendarVersionKey: 'nl.atw.3@1',
        },
      },
    ]);
    const inbox = await api.get('/api/v1/notifications', { token: caseworker.token });
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain(
      `${open.reference}: legal deadline nl.bw.7-686a moved earlier to 2027-05-07`,
    );

    // The closed complaint kept its old row, step and timeline.
    expect(await stored(closed.id)).toEqual(closedBefore.rows);
    expect(await stepOf(closed.stepId)).toEqual(closedBefore.step);
    expect(await timeline(closed.id)).toHaveLength(closedBefore.events);
    expect(await notificationsOf(closed.id)).toEqual([]);

    // A second run (the job, and the runner directly) changes nothing.
    const eventsAfter = (await timeline(open.id)).length;
    await api.app.get(JobProducer).enqueue('deadlines.recompute', {});
    const again = await worker.get(DeadlinesRecomputeRunner).run({ batchSize: 1 });
    expect(again).toEqual({ found: 0, recomputed: 0, moved: 0, movedEarlier: 0, refused: 0, failed: 0, capped: false });
    expect(await timeline(open.id)).toHaveLength(eventsAfter);
    expect(await notificationsOf(open.id)).toHaveLength(1);
    expect(await remindersOf(open.stepId)).toEqual(reminders);
  }, 60_000);

  it('brings rows stored before calendars were versioned up to date in batches, and tells nobody of a later date', async () => {
    const cases = [await nlCase(), await nlCase(), await nlCase()];
    // As the migration left them: no calendar version, no reasons, the date-holidays date (5 May 2027).
    for (const c of cases) {
      await ds.query(
        `UPDATE complaint_deadlines SET calendar_version_key = NULL, rolled_over = '[]', due_date = '2027-05-05',
                rolled_from = NULL WHERE complaint_id = $1 AND rule_id = 'nl.bw.7-686a'`,
        [c.id],
      );
    }
    const run = await worker!.get(DeadlinesRecomputeRunner).run({ batchSize: 2 });
    expect(run).toMatchObject({ found: 3, recomputed: 3, movedEarlier: 0, refused: 0, capped: false });
    for (const c of cases) {
      expect((await stored(c.id))[0]).toMatchObject({ due_date: '2027-05-07', calendar_version_key: 'nl.atw.3@1' });
      const moved = (await timeline(c.id)).filter((e) => e.type === 'deadline.moved');
      expect(moved.map((e) => [e.data.previousDueDate, e.data.dueDate, e.data.previousCalendarVersionKey])).toEqual([
        ['2027-05-05', '2027-05-07', null],
      ]);
      expect(await notificationsOf(c.id)).toEqual([]);
    }
    expect(await worker!.get(DeadlinesRecomputeRunner).run({ batchSize: 2 })).toMatchObject({ found: 0 });
  }, 60_000);

  it('tells whoever filed an unassigned case of an earlier date, so it is never silent', async () => {
    const unassigned = await nlCase({ assign: false });
    await ageToOldCalendar(unassigned);
    const run = await worker!.get(DeadlinesRecomputeRunner).run();
    expect(run).toMatchObject({ recomputed: 1, movedEarlier: 1, failed: 0 });
    expect(await notificationsOf(unassigned.id)).toEqual([
      expect.objectContaining({ user_id: caseworker.id, kind: 'deadline.moved_earlier' }),
    ]);
  }, 60_000);

  it('goes on past a complaint whose recomputation fails, and retries it on the next run', async () => {
    const failing = await nlCase();
    const healthy = await nlCase();
    await ageToOldCalendar(failing);
    await ageToOldCalendar(healthy);
    const listeners = worker!.get(ComplaintChangeListeners);
    const broken: ComplaintChangeListener = {
      deadlinesChanged: async (_manager, complaint) => {
        if (complaint.id === failing.id) throw new Error('a listener failed');
      },
    };
    listeners.register(broken);
    try {
      const run = await worker!.get(DeadlinesRecomputeRunner).run({ batchSize: 1 });
      expect(run).toMatchObject({ found: 2, recomputed: 1, failed: 1 });
      // The failing complaint's transaction rolled back whole; the other one moved.
      expect((await stored(failing.id))[0]).toMatchObject({ calendar_version_key: 'nl.atw.3@0' });
      expect((await stored(healthy.id))[0]).toMatchObject({ calendar_version_key: 'nl.atw.3@1' });
    } finally {
      listeners.unregister(broken);
    }
    expect(await worker!.get(DeadlinesRecomputeRunner).run()).toMatchObject({ recomputed: 1, failed: 0 });
    expect((await stored(failing.id))[0]).toMatchObject({ calendar_version_key: 'nl.atw.3@1' });
  }, 60_000);
});
