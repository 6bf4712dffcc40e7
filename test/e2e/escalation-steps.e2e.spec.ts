import { randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineCalculator } from '@mc/deadlines';
import { legalDueTimes, reminderJobId, ReminderJobs } from '@mc/escalations';
import { JOB_QUEUE, QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, createComplaint, type TestUser } from './complaints.helpers.js';

const UPCOMING = '/api/v1/deadlines/upcoming';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

interface ReminderRow {
  id: string;
  offset: string;
  fireAt: Date;
  status: 'pending' | 'sent' | 'cancelled';
}

interface TimelineItem {
  type: string;
  data: Record<string, unknown>;
}

/** A calendar day `days` from today (UTC). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/** An instant `ms` from now, whole seconds (as a client would send it). */
function instantFromNow(ms: number): string {
  return new Date(Math.floor((Date.now() + ms) / 1000) * 1000).toISOString();
}

/** The wall-clock date and hour of an instant in Berlin. */
function berlinDateHour(iso: string): { date: string; hour: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: part('hour') };
}

describe('escalation steps, playbooks and upcoming deadlines', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;
  let caseworkerB: TestUser;
  let coordinator: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
    caseworkerB = await api.userWithRole('caseworker');
    coordinator = await api.userWithRole('coordinator');
    analyst = await api.userWithRole('analyst');
  });
  afterAll(() => api.close());

  const stepsPath = (complaintId: string) => `${COMPLAINTS}/${complaintId}/steps`;
  const stepPath = (complaintId: string, stepId: string) => `${COMPLAINTS}/${complaintId}/steps/${stepId}`;

  const postStep = (complaintId: string, body: Record<string, unknown>, token = caseworker.token) =>
    api.post(stepsPath(complaintId), body, { token });

  async function createStep(complaintId: string, body: Record<string, unknown>, token = caseworker.token) {
    const res = await postStep(complaintId, body, token);
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  const patchStep = (
    complaintId: string,
    stepId: string,
    body: Record<string, unknown>,
    options: { token?: string; version?: number } = {},
  ) =>
    api.patch(stepPath(complaintId, stepId), body, {
      token: options.token ?? caseworker.token,
      headers: options.version !== undefined ? { 'if-match': `"${options.version}"` } : undefined,
    });

  const getStep = async (complaintId: string, stepId: string, token = caseworker.token) => {
    const res = await api.get(stepPath(complaintId, stepId), { token });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  const reminderRows = (stepId: string): Promise<ReminderRow[]> =>
    ds.query(
      `SELECT id, reminder_offset AS "offset", fire_at AS "fireAt", status
         FROM reminders WHERE step_id = $1 ORDER BY fire_at, reminder_offset`,
      [stepId],
    );

  const timeline = async (complaintId: string, token = caseworker.token): Promise<TimelineItem[]> =>
    (await api.get(`${COMPLAINTS}/${complaintId}/timeline?limit=100`, { token })).body.items;

  const getComplaint = async (id: string, token = caseworker.token) =>
    (await api.get(`${COMPLAINTS}/${id}`, { token })).body;

  const transition = async (id: string, body: Record<string, unknown>, token = caseworker.token) => {
    const res = await api.post(`${COMPLAINTS}/${id}/transitions`, body, { token });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  async function createWorker(residenceStatus: string, owner: TestUser = caseworker): Promise<string> {
    const res = await api.post(
      '/api/v1/workers',
      {
        fullName: 'Олена Коваль',
        preferredLanguage: 'uk',
        phone: `+49151${randomInt(10_000_000, 99_999_999)}`,
        countryOfWork: 'DE',
        residenceStatus,
        consent: { dataProcessing: true, partnerSharing: 'none', contactChannels: ['phone'] },
      },
      { token: owner.token },
    );
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  }

  describe('POST /complaints/:id/steps', () => {
    it('creates an internal step with the default reminders, its title stored encrypted, and delayed jobs', async () => {
      const complaint = await createComplaint(api, caseworker);
      const dueAt = instantFromNow(10 * DAY);
      const title = 'Letter to Bauhof Schmidt about the wages of Ivan Petrov';
      const step = await createStep(complaint.id, { type: 'demand_letter', title, dueAt });
      expect(step).toMatchObject({
        complaintId: complaint.id,
        position: 1,
        type: 'demand_letter',
        status: 'planned',
        title,
        outcome: null,
        legal: false,
        deadlineRuleId: null,
        dueDate: null,
        dueAt,
        overdueAt: dueAt,
        overdue: false,
        awaitingKeyDate: null,
        reminderOffsets: ['P7D', 'P2D', 'PT0S'],
        assigneeId: null,
        playbook: null,
        immigrationRiskConfirmedBy: null,
        disclaimer: null,
        completedAt: null,
        version: 1,
      });
      const due = Date.parse(dueAt);
      const expectedFireAt = [due - 7 * DAY, due - 2 * DAY, due].map((t) => new Date(t).toISOString());
      expect(step.reminders).toEqual(
        ['P7D', 'P2D', 'PT0S'].map((offset, i) => ({
          offset,
          fireAt: expectedFireAt[i],
          status: 'pending',
          sentAt: null,
        })),
      );

      const rows = await reminderRows(step.id);
      expect(rows.map((r) => [r.offset, r.fireAt.toISOString(), r.status])).toEqual([
        ['P7D', expectedFireAt[0], 'pending'],
        ['P2D', expectedFireAt[1], 'pending'],
        ['PT0S', expectedFireAt[2], 'pending'],
      ]);

      const [stored] = await ds.query(`SELECT title_enc FROM escalation_steps WHERE id = $1`, [step.id]);
      expect(stored.title_enc).toEqual(expect.any(String));
      expect(stored.title_enc).not.toContain('Ivan');
      expect(stored.title_enc).not.toContain('Petrov');
      expect(stored.title_enc).not.toContain('Bauhof');

      const events = (await timeline(complaint.id)).filter((e) => e.type === 'step.created');
      expect(events).toEqual([
        expect.objectContaining({
          data: {
            stepId: step.id,
            type: 'demand_letter',
            deadlineRuleId: null,
            dueDate: null,
            dueAt,
            playbook: null,
          },
        }),
      ]);

      // The jobs reach Redis after the commit, one per reminder row, under the row's id and time.
      await api.app.get(ReminderJobs).idle();
      const queue = api.app.get<QueuesByName>(QUEUES_BY_NAME).get(JOB_QUEUE['reminder.fire'])!;
      for (const row of rows) {
        const job = await queue.getJob(reminderJobId(row.id, row.fireAt));
        expect(job, row.offset).toBeDefined();
        expect(job!.data).toEqual({ reminderId: row.id });
        expect(await job!.getState()).toBe('delayed');
      }
    });

    it('computes a legal step from the dismissal notice: the worked example de.kschg.4 (DE-NW) → 2026-04-07', async () => {
      const complaint = await createComplaint(api, caseworker, {
        categories: ['unlawful_dismissal'],
        region: 'DE-NW',
        keyDates: { dismissalNoticeReceived: '2026-03-13' },
      });
      const step = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      expect(step).toMatchObject({
        legal: true,
        deadlineRuleId: 'de.kschg.4',
        deadlineRuleVersion: 1,
        dueDate: '2026-04-07',
        // 09:00 in Düsseldorf (summer time); overdue when the day is over there.
        dueAt: '2026-04-07T07:00:00.000Z',
        overdueAt: '2026-04-07T22:00:00.000Z',
        awaitingKeyDate: null,
        reminderOffsets: ['P14D', 'P7D', 'P2D', 'P1D'],
        disclaimer: expect.any(String),
      });
      // Long past: no reminder would make sense, and the step is overdue.
      expect(step.reminders).toEqual([]);
      expect(await reminderRows(step.id)).toEqual([]);
      expect(step.overdue).toBe(true);
    });

    it('computes a future legal deadline at 09:00 Berlin time with reminders before it', async () => {
      const noticeReceived = dayFromNow(10);
      const complaint = await createComplaint(api, caseworker, {
        categories: ['unlawful_dismissal'],
        region: 'DE-NW',
        keyDates: { dismissalNoticeReceived: noticeReceived },
      });
      const expected = new DeadlineCalculator().compute({
        ruleId: 'de.kschg.4',
        eventDate: noticeReceived,
        region: 'DE-NW',
      });
      const step = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      expect(step.dueDate).toBe(expected.dueDate);
      expect(berlinDateHour(step.dueAt)).toEqual({ date: expected.dueDate, hour: '09' });
      expect(step.dueAt).toBe(legalDueTimes(expected.dueDate, 'DE').dueAt.toISOString());
      expect(berlinDateHour(new Date(Date.parse(step.overdueAt) - 1).toISOString())).toEqual({
        date: expected.dueDate,
        hour: '23',
      });
      expect(step.overdue).toBe(false);
      const due = Date.parse(step.dueAt);
      const rows = await reminderRows(step.id);
      expect(rows.map((r) => [r.offset, r.fireAt.getTime(), r.status])).toEqual([
        ['P14D', due - 14 * DAY, 'pending'],
        ['P7D', due - 7 * DAY, 'pending'],
        ['P2D', due - 2 * DAY, 'pending'],
        ['P1D', due - DAY, 'pending'],
      ]);
    });

    it('waits for the trigger date, then takes its due date when the complaint gets it', async () => {
      const complaint = await createComplaint(api, caseworker, { categories: ['unlawful_dismissal'] });
      const step = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      expect(step).toMatchObject({
        legal: true,
        dueDate: null,
        dueAt: null,
        overdueAt: null,
        overdue: false,
        awaitingKeyDate: 'dismissal_notice_received',
        reminders: [],
      });

      const noticeReceived = dayFromNow(5);
      const patched = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { keyDates: { dismissalNoticeReceived: noticeReceived } },
        { token: caseworker.token, headers: { 'if-match': `"${complaint.version}"` } },
      );
      expect(patched.status, patched.text).toBe(200);
      const expected = new DeadlineCalculator().compute({
        ruleId: 'de.kschg.4',
        eventDate: noticeReceived,
        region: 'DE-NW',
      }).dueDate;

      const after = await getStep(complaint.id, step.id);
      expect(after).toMatchObject({
        dueDate: expected,
        dueAt: legalDueTimes(expected, 'DE').dueAt.toISOString(),
        awaitingKeyDate: null,
      });
      expect(after.version).toBeGreaterThan(step.version);
      expect(after.reminders.map((r: any) => [r.offset, r.status])).toEqual([
        ['P14D', 'pending'],
        ['P7D', 'pending'],
        ['P2D', 'pending'],
        ['P1D', 'pending'],
      ]);
      const changed = (await timeline(complaint.id)).filter((e) => e.type === 'step.due_changed');
      expect(changed.map((e) => e.data)).toEqual([
        { stepId: step.id, deadlineRuleId: 'de.kschg.4', dueDate: expected, previousDueDate: null },
      ]);

      // Clearing the date again: the step waits again and its reminders stop.
      const cleared = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { keyDates: { dismissalNoticeReceived: null } },
        { token: caseworker.token, headers: { 'if-match': `"${patched.body.version}"` } },
      );
      expect(cleared.status, cleared.text).toBe(200);
      expect(await getStep(complaint.id, step.id)).toMatchObject({
        dueDate: null,
        dueAt: null,
        awaitingKeyDate: 'dismissal_notice_received',
      });
      expect((await reminderRows(step.id)).map((r) => r.status)).toEqual([
        'cancelled',
        'cancelled',
        'cancelled',
        'cancelled',
      ]);
    });

    it('treats a null dueAt as no due date (not 1970)', async () => {
      const complaint = await createComplaint(api, caseworker, {
        keyDates: { dismissalNoticeReceived: dayFromNow(3) },
      });
      const undated = await createStep(complaint.id, { type: 'other', dueAt: null, title: null, assigneeId: null });
      expect(undated).toMatchObject({ dueAt: null, overdueAt: null, overdue: false, title: null, reminders: [] });
      const legal = await createStep(complaint.id, { type: 'labour_court', dueAt: null, deadlineRuleId: 'de.kschg.4' });
      expect(legal.dueDate).not.toBeNull();
      expect(legal.reminders).toHaveLength(4);
    });

    it('answers 400 for a malformed body', async () => {
      const complaint = await createComplaint(api, caseworker);
      const cases: [string, Record<string, unknown>][] = [
        ['unknown type', { type: 'strike' }],
        ['missing type', { title: 'x' }],
        [
          'dueAt with deadlineRuleId',
          { type: 'labour_court', dueAt: instantFromNow(DAY), deadlineRuleId: 'de.kschg.4' },
        ],
        ['an offset in months', { type: 'other', dueAt: instantFromNow(DAY), reminderOffsets: ['P1M'] }],
        ['offsets of equal length', { type: 'other', dueAt: instantFromNow(DAY), reminderOffsets: ['P1D', 'PT24H'] }],
        ['an offset over a year', { type: 'other', dueAt: instantFromNow(DAY), reminderOffsets: ['P400D'] }],
        ['too many offsets', { type: 'other', reminderOffsets: Array.from({ length: 11 }, (_, i) => `P${i + 1}D`) }],
        ['a bad dueAt', { type: 'other', dueAt: 'next tuesday' }],
        ['an impossible dueAt', { type: 'other', dueAt: '2026-02-30T10:00:00Z' }],
        ['a dueAt centuries ahead', { type: 'other', dueAt: '9999-12-31T00:00:00Z' }],
        ['a dueAt before 2000', { type: 'other', dueAt: '1970-01-01T00:00:00Z' }],
        ['a dueAt without a zone', { type: 'other', dueAt: '2026-12-01T10:00:00' }],
        ['an unknown field', { type: 'other', colour: 'red' }],
        ['an empty title', { type: 'other', title: '' }],
        ['a non-boolean confirmation', { type: 'labour_inspectorate', confirmImmigrationRisk: 'yes' }],
        ['a bad assignee id', { type: 'other', assigneeId: 'bob' }],
      ];
      for (const [label, body] of cases) {
        const res = await postStep(complaint.id, body);
        expect(res.status, `${label}: ${res.text}`).toBe(400);
        expect(res.headers.get('content-type'), label).toContain('application/problem+json');
      }
      expect((await api.get(stepsPath(complaint.id), { token: caseworker.token })).body.items).toEqual([]);
    });

    it('answers 422 for an unknown rule, a rule of another country, or an assignee who cannot work on cases', async () => {
      const complaint = await createComplaint(api, caseworker);
      const unknown = await postStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.nope' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'deadlineRuleId' })]);

      const foreign = await postStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'fr.l1471-1.rupture' });
      expect(foreign.status).toBe(422);
      expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'deadlineRuleId' })]);

      const toAnalyst = await postStep(complaint.id, {
        type: 'other',
        dueAt: instantFromNow(DAY),
        assigneeId: analyst.id,
      });
      expect(toAnalyst.status).toBe(422);
      expect(toAnalyst.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);

      const toNobody = await postStep(complaint.id, { type: 'other', assigneeId: randomUUID() });
      expect(toNobody.status).toBe(422);

      // A coordinator is a fine assignee.
      const ok = await postStep(complaint.id, { type: 'other', assigneeId: coordinator.id });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.body.assigneeId).toBe(coordinator.id);
    });

    describe('immigration risk of a labour inspectorate step', () => {
      it('asks for confirmation when a worker is undocumented, then records who confirmed', async () => {
        const worker = await createWorker('undocumented');
        const complaint = await createComplaint(api, caseworker, { workerIds: [worker] });
        const refused = await postStep(complaint.id, { type: 'labour_inspectorate', dueAt: instantFromNow(5 * DAY) });
        expect(refused.status, refused.text).toBe(422);
        expect(refused.body).toMatchObject({
          type: 'urn:mc:problem:immigration-risk',
          warning: expect.stringContaining('FKS'),
          workersAtRisk: 1,
          errors: [expect.objectContaining({ field: 'confirmImmigrationRisk' })],
        });
        // The problem names no one.
        expect(refused.text).not.toContain('Коваль');
        expect(refused.text).not.toContain(worker);
        const unconfirmed = await postStep(complaint.id, {
          type: 'labour_inspectorate',
          dueAt: instantFromNow(5 * DAY),
          confirmImmigrationRisk: false,
        });
        expect(unconfirmed.status).toBe(422);

        const step = await createStep(complaint.id, {
          type: 'labour_inspectorate',
          dueAt: instantFromNow(5 * DAY),
          confirmImmigrationRisk: true,
        });
        expect(step.immigrationRiskConfirmedBy).toBe(caseworker.id);
        expect(step.immigrationRiskConfirmedAt).toEqual(expect.any(String));
        // Only the inspectorate needs it.
        expect((await postStep(complaint.id, { type: 'union_referral' })).status).toBe(201);
      });

      it('treats a worker of unknown status (or unreadable record) as at risk', async () => {
        const unknown = await createWorker('unknown');
        const complaint = await createComplaint(api, caseworker, { workerIds: [unknown] });
        const refused = await postStep(complaint.id, { type: 'labour_inspectorate' });
        expect(refused.status).toBe(422);
        expect(refused.body.type).toBe('urn:mc:problem:immigration-risk');
        // The default helper's fixture worker cannot be decrypted: counted as unknown.
        const fixture = await createComplaint(api, caseworker);
        expect((await postStep(fixture.id, { type: 'labour_inspectorate' })).status).toBe(422);
      });

      it('needs no confirmation when the only worker is an EU citizen', async () => {
        const worker = await createWorker('eu_citizen');
        const complaint = await createComplaint(api, caseworker, { workerIds: [worker] });
        const step = await createStep(complaint.id, { type: 'labour_inspectorate', dueAt: instantFromNow(5 * DAY) });
        expect(step.immigrationRiskConfirmedBy).toBeNull();
        expect(step.immigrationRiskConfirmedAt).toBeNull();
      });
    });

    it('answers 409 on a rejected or resolved complaint', async () => {
      const rejected = await createComplaint(api, caseworker);
      await transition(rejected.id, { to: 'rejected', reason: 'duplicate' });
      const res = await postStep(rejected.id, { type: 'other', dueAt: instantFromNow(DAY) });
      expect(res.status).toBe(409);
      expect((await api.post(`${COMPLAINTS}/${rejected.id}/playbook`, {}, { token: caseworker.token })).status).toBe(
        409,
      );

      const resolved = await createComplaint(api, caseworker);
      for (const to of ['triage', 'open', 'escalated']) await transition(resolved.id, { to });
      await transition(resolved.id, { to: 'resolved', outcome: 'lost' });
      expect((await postStep(resolved.id, { type: 'other' })).status).toBe(409);
    });
  });

  describe('PATCH /complaints/:id/steps/:stepId', () => {
    it('marks a step done, cancelling its pending reminders and their jobs; a done step stays done', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'demand_letter', dueAt: instantFromNow(10 * DAY) });
      await api.app.get(ReminderJobs).idle();
      const before = await reminderRows(step.id);

      const done = await patchStep(complaint.id, step.id, { status: 'done', outcome: 'Employer paid 800 EUR' });
      expect(done.status, done.text).toBe(200);
      expect(done.body).toMatchObject({ status: 'done', outcome: 'Employer paid 800 EUR', version: 2, overdue: false });
      expect(done.body.completedAt).toEqual(expect.any(String));
      expect(done.body.reminders.map((r: any) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      const after = await reminderRows(step.id);
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
      expect(after.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      const [stored] = await ds.query(`SELECT outcome_enc FROM escalation_steps WHERE id = $1`, [step.id]);
      expect(stored.outcome_enc).not.toContain('800');

      await api.app.get(ReminderJobs).idle();
      const queue = api.app.get<QueuesByName>(QUEUES_BY_NAME).get(JOB_QUEUE['reminder.fire'])!;
      for (const row of before) expect(await queue.getJob(reminderJobId(row.id, row.fireAt))).toBeUndefined();

      const event = (await timeline(complaint.id)).find((e) => e.type === 'step.updated')!;
      expect(event.data).toMatchObject({ stepId: step.id, status: 'done', remindersCancelled: 3 });
      expect(event.data.fields).toEqual(expect.arrayContaining(['status', 'outcome']));

      const back = await patchStep(complaint.id, step.id, { status: 'planned' });
      expect(back.status).toBe(409);
      expect(back.body.allowed).toEqual([]);
      // Only the outcome of a finished step may still change.
      const outcome = await patchStep(complaint.id, step.id, { outcome: 'Employer paid 900 EUR' });
      expect(outcome.status).toBe(200);
      expect(outcome.body.outcome).toBe('Employer paid 900 EUR');
    });

    it('refuses a transition the step does not allow with 409 and the allowed targets', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const skipped = await patchStep(complaint.id, step.id, { status: 'skipped' });
      expect(skipped.status).toBe(200);
      const res = await patchStep(complaint.id, step.id, { status: 'in_progress' });
      expect(res.status).toBe(409);
      expect(res.body.allowed).toEqual([]);

      const other = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const started = await patchStep(complaint.id, other.id, { status: 'in_progress' });
      expect(started.status).toBe(200);
      // In progress keeps its reminders.
      expect(started.body.reminders.map((r: any) => r.status)).toEqual(['pending', 'pending', 'pending']);
      expect((await patchStep(complaint.id, other.id, { status: 'bogus' })).status).toBe(400);
    });

    it('moves the reminders of the same rows when dueAt changes', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'employer_meeting', dueAt: instantFromNow(10 * DAY) });
      const before = await reminderRows(step.id);
      const newDue = instantFromNow(20 * DAY);
      const res = await patchStep(complaint.id, step.id, { dueAt: newDue }, { version: 1 });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ dueAt: newDue, overdueAt: newDue, version: 2 });
      const after = await reminderRows(step.id);
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
      const due = Date.parse(newDue);
      expect(after.map((r) => [r.offset, r.fireAt.getTime(), r.status])).toEqual([
        ['P7D', due - 7 * DAY, 'pending'],
        ['P2D', due - 2 * DAY, 'pending'],
        ['PT0S', due, 'pending'],
      ]);
      await api.app.get(ReminderJobs).idle();
      const queue = api.app.get<QueuesByName>(QUEUES_BY_NAME).get(JOB_QUEUE['reminder.fire'])!;
      for (const row of before) expect(await queue.getJob(reminderJobId(row.id, row.fireAt))).toBeUndefined();
      for (const row of after) expect(await queue.getJob(reminderJobId(row.id, row.fireAt))).toBeDefined();

      // Moving it to one day ahead: the week and two-day reminders are in the past now.
      const soon = instantFromNow(DAY);
      const moved = await patchStep(complaint.id, step.id, { dueAt: soon }, { version: 2 });
      expect(moved.status).toBe(200);
      const byOffset = Object.fromEntries((await reminderRows(step.id)).map((r) => [r.offset, r]));
      expect(byOffset).toEqual({
        P7D: expect.objectContaining({ status: 'cancelled' }),
        P2D: expect.objectContaining({ status: 'cancelled' }),
        PT0S: expect.objectContaining({ status: 'pending', fireAt: new Date(soon) }),
      });

      // Removing the due date stops every reminder.
      const cleared = await patchStep(complaint.id, step.id, { dueAt: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.dueAt).toBeNull();
      expect((await reminderRows(step.id)).every((r) => r.status === 'cancelled')).toBe(true);
    });

    it('leaves a sent reminder sent at the same time, re-arms it when the due date moves later', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const [week] = await reminderRows(step.id);
      expect(week!.offset).toBe('P7D');
      // As if the worker had fired it.
      await ds.query(`UPDATE reminders SET status = 'sent', sent_at = now() WHERE id = $1`, [week!.id]);
      const titled = await patchStep(complaint.id, step.id, { title: 'unrelated change' });
      expect(titled.status).toBe(200);
      expect(titled.body.reminders[0]).toMatchObject({ offset: 'P7D', status: 'sent', sentAt: expect.any(String) });

      const later = instantFromNow(15 * DAY);
      const moved = await patchStep(complaint.id, step.id, { dueAt: later });
      expect(moved.status).toBe(200);
      const rearmed = (await reminderRows(step.id)).find((r) => r.id === week!.id)!;
      expect(rearmed).toMatchObject({ status: 'pending', fireAt: new Date(Date.parse(later) - 7 * DAY) });
      expect(moved.body.reminders[0]).toMatchObject({ offset: 'P7D', status: 'pending', sentAt: null });
    });

    it('replaces the reminder offsets', async () => {
      const complaint = await createComplaint(api, caseworker);
      const dueAt = instantFromNow(10 * DAY);
      const step = await createStep(complaint.id, { type: 'other', dueAt });
      const res = await patchStep(complaint.id, step.id, { reminderOffsets: ['PT2H', 'P1D', 'PT0S'] });
      expect(res.status, res.text).toBe(200);
      expect(res.body.reminderOffsets).toEqual(['P1D', 'PT2H', 'PT0S']);
      const due = Date.parse(dueAt);
      const rows = await reminderRows(step.id);
      expect(rows.map((r) => [r.offset, r.fireAt.getTime(), r.status])).toEqual([
        ['P7D', due - 7 * DAY, 'cancelled'],
        ['P2D', due - 2 * DAY, 'cancelled'],
        ['P1D', due - DAY, 'pending'],
        ['PT2H', due - 2 * HOUR, 'pending'],
        ['PT0S', due, 'pending'],
      ]);
      expect((await patchStep(complaint.id, step.id, { reminderOffsets: ['P1Y'] })).status).toBe(400);
      expect((await patchStep(complaint.id, step.id, { reminderOffsets: ['P1D', 'PT24H'] })).status).toBe(400);
    });

    it('answers 422 for dueAt on a legal step (its date follows from the complaint)', async () => {
      const complaint = await createComplaint(api, caseworker, {
        keyDates: { dismissalNoticeReceived: dayFromNow(3) },
      });
      const step = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      const res = await patchStep(complaint.id, step.id, { dueAt: instantFromNow(40 * DAY) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
      expect((await getStep(complaint.id, step.id)).dueAt).toBe(step.dueAt);
      // Its other fields may change.
      const titled = await patchStep(complaint.id, step.id, { title: 'File at ArbG Düsseldorf' });
      expect(titled.status).toBe(200);
      expect(titled.body.title).toBe('File at ArbG Düsseldorf');
    });

    it('answers 409 for a stale version, from If-Match or the body', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const first = await patchStep(complaint.id, step.id, { title: 'first' }, { version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await patchStep(complaint.id, step.id, { title: 'second' }, { version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);
      expect((await patchStep(complaint.id, step.id, { title: 'second', version: 1 })).status).toBe(409);
      expect((await getStep(complaint.id, step.id)).title).toBe('first');
      const ok = await patchStep(complaint.id, step.id, { title: 'second', version: 2 });
      expect(ok.status).toBe(200);
      expect((await patchStep(complaint.id, step.id, { title: 'x' }, { version: 2 })).status).toBe(409);
      // If-Match and body disagreeing is a client error.
      const confused = await api.patch(
        stepPath(complaint.id, step.id),
        { title: 'x', version: 2 },
        { token: caseworker.token, headers: { 'if-match': '"3"' } },
      );
      expect(confused.status).toBe(400);
    });

    it('answers 404 for a step of another complaint, 400 for an unknown field', async () => {
      const a = await createComplaint(api, caseworker);
      const b = await createComplaint(api, caseworker);
      const step = await createStep(a.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      expect((await patchStep(b.id, step.id, { status: 'done' })).status).toBe(404);
      expect((await api.get(stepPath(b.id, step.id), { token: caseworker.token })).status).toBe(404);
      expect((await getStep(a.id, step.id)).status).toBe('planned');
      expect((await patchStep(a.id, step.id, { type: 'labour_court' })).status).toBe(400);
      for (const body of [{ status: null }, { reminderOffsets: null }, { version: null, title: 'x' }, { version: 0 }]) {
        const res = await patchStep(a.id, step.id, body);
        expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      }
      expect((await getStep(a.id, step.id)).version).toBe(1);
      expect((await patchStep(a.id, step.id, { assigneeId: analyst.id })).status).toBe(422);
    });
  });

  describe('GET steps', () => {
    it('lists a complaint’s steps in ladder order and gets one', async () => {
      const complaint = await createComplaint(api, caseworker);
      const first = await createStep(complaint.id, { type: 'demand_letter', dueAt: instantFromNow(20 * DAY) });
      const second = await createStep(complaint.id, { type: 'union_referral', dueAt: instantFromNow(2 * DAY) });
      const third = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.bgb.195' });
      const list = await api.get(stepsPath(complaint.id), { token: caseworker.token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: any) => [s.id, s.position, s.type])).toEqual([
        [first.id, 1, 'demand_letter'],
        [second.id, 2, 'union_referral'],
        [third.id, 3, 'labour_court'],
      ]);
      expect(list.body.items[0].reminders).toHaveLength(3);
      expect(await getStep(complaint.id, second.id)).toEqual(second);

      // A coordinator sees them too.
      expect((await api.get(stepsPath(complaint.id), { token: coordinator.token })).body.items).toHaveLength(3);
    });

    it('answers 404 for an unknown step or complaint and 400 for a malformed id', async () => {
      const complaint = await createComplaint(api, caseworker);
      expect((await api.get(stepPath(complaint.id, randomUUID()), { token: caseworker.token })).status).toBe(404);
      expect((await api.get(stepsPath(randomUUID()), { token: caseworker.token })).status).toBe(404);
      expect((await api.get(stepPath(complaint.id, 'not-a-uuid'), { token: caseworker.token })).status).toBe(400);
      expect((await api.get(stepsPath('not-a-uuid'), { token: caseworker.token })).status).toBe(400);
      expect((await patchStep(complaint.id, 'nope', { status: 'done' })).status).toBe(400);
      expect((await postStep('nope', { type: 'other' })).status).toBe(400);
    });
  });

  describe('POST /complaints/:id/playbook', () => {
    it('creates the DE dismissal ladder once; a second call is 409', async () => {
      const complaint = await createComplaint(api, caseworker, {
        categories: ['unlawful_dismissal'],
        region: 'DE-NW',
        keyDates: { dismissalNoticeReceived: '2026-03-13' },
      });
      const res = await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, {}, { token: caseworker.token });
      expect(res.status, res.text).toBe(201);
      const created = Date.parse(complaint.createdAt);
      const steps = res.body.steps as any[];
      expect(steps.map((s) => [s.position, s.type, s.deadlineRuleId, s.playbook])).toEqual([
        [1, 'demand_letter', null, 'any.demand#1'],
        [2, 'partner_referral', null, 'de.dismissal#1'],
        [3, 'labour_court', 'de.kschg.4', 'de.dismissal#2'],
      ]);
      expect(Date.parse(steps[0].dueAt) - created).toBe(14 * DAY);
      expect(Date.parse(steps[1].dueAt) - created).toBe(3 * DAY);
      expect(steps[2]).toMatchObject({ dueDate: '2026-04-07', dueAt: '2026-04-07T07:00:00.000Z', legal: true });
      expect(steps.every((s) => typeof s.title === 'string' && s.title.length > 0)).toBe(true);
      expect(steps[0].reminders.map((r: any) => r.offset)).toEqual(['P7D', 'P2D', 'PT0S']);

      const list = await api.get(stepsPath(complaint.id), { token: caseworker.token });
      expect(list.body.items.map((s: any) => s.id)).toEqual(steps.map((s) => s.id));
      const events = await timeline(complaint.id);
      expect(events.filter((e) => e.type === 'step.created')).toHaveLength(3);
      expect(events.find((e) => e.type === 'playbook.applied')!.data).toEqual({
        steps: 3,
        playbooks: ['any.demand', 'de.dismissal'],
      });
      expect((await getComplaint(complaint.id)).priority).toBe('normal');

      const again = await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, {}, { token: caseworker.token });
      expect(again.status).toBe(409);
      expect((await api.get(stepsPath(complaint.id), { token: caseworker.token })).body.items).toHaveLength(3);
    });

    it('gives a Serbian dismissal rs.zr.195 and a court step due on that deadline', async () => {
      const complaint = await createComplaint(api, caseworker, {
        countryOfWork: 'RS',
        region: null,
        categories: ['unlawful_dismissal'],
        keyDates: { dismissalNoticeReceived: '2026-03-13' },
      });
      // The stored deadline is the statute's: 60 days from delivery, rolled past weekends and holidays.
      const computed = await api.post(
        '/api/v1/deadlines/compute',
        { ruleId: 'rs.zr.195', eventDate: '2026-03-13' },
        { token: caseworker.token },
      );
      expect(computed.status, computed.text).toBe(200);
      const stored = (complaint.deadlines as any[]).find((d) => d.ruleId === 'rs.zr.195');
      expect(stored).toMatchObject({ ruleId: 'rs.zr.195', dueDate: computed.body.dueDate });

      // The inspectorate step asks for the immigration-risk confirmation (the worker's status is unknown).
      const res = await api.post(
        `${COMPLAINTS}/${complaint.id}/playbook`,
        { confirmImmigrationRisk: true },
        { token: caseworker.token },
      );
      expect(res.status, res.text).toBe(201);
      const steps = res.body.steps as any[];
      expect(steps.map((s) => [s.type, s.deadlineRuleId, s.playbook])).toEqual([
        ['demand_letter', null, 'any.demand#1'],
        ['labour_inspectorate', null, 'rs.dismissal#1'],
        ['labour_court', 'rs.zr.195', 'rs.dismissal#2'],
      ]);
      expect(Date.parse(steps[1].dueAt) - Date.parse(complaint.createdAt)).toBe(7 * DAY);
      expect(steps[2]).toMatchObject({ legal: true, dueDate: computed.body.dueDate });
    });

    it('adds a task to ask for a missing trigger date, and skips a step made by hand already', async () => {
      const complaint = await createComplaint(api, caseworker, { categories: ['unlawful_dismissal'] });
      const manual = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      expect(manual.awaitingKeyDate).toBe('dismissal_notice_received');
      const res = await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, {}, { token: caseworker.token });
      expect(res.status, res.text).toBe(201);
      expect(res.body.steps.map((s: any) => [s.position, s.type, s.deadlineRuleId, s.awaitingKeyDate])).toEqual([
        [2, 'demand_letter', null, null],
        [3, 'partner_referral', null, null],
        [4, 'other', null, null],
      ]);
      expect(res.body.steps[2].title).toMatch(/^Ask the worker for the day the dismissal notice was received/);
      const list = await api.get(stepsPath(complaint.id), { token: caseworker.token });
      expect(list.body.items.map((s: any) => s.id)[0]).toBe(manual.id);
    });

    it('raises the priority to urgent for document retention', async () => {
      const complaint = await createComplaint(api, caseworker, { categories: ['document_retention'] });
      const res = await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, {}, { token: caseworker.token });
      expect(res.status, res.text).toBe(201);
      const referral = res.body.steps.find((s: any) => s.type === 'partner_referral');
      expect(referral).toMatchObject({ playbook: 'any.protection#1' });
      expect(Date.parse(referral.dueAt) - Date.parse(complaint.createdAt)).toBe(DAY);
      const after = await getComplaint(complaint.id);
      expect(after.priority).toBe('urgent');
      expect(after.version).toBeGreaterThan(complaint.version);
    });

    it('needs the immigration-risk confirmation for the FR dismissal ladder (it has an inspectorate step)', async () => {
      const complaint = await createComplaint(api, caseworker, {
        categories: ['unlawful_dismissal'],
        countryOfWork: 'FR',
        region: null,
        city: 'Paris',
        keyDates: { dismissalNoticeReceived: dayFromNow(-30) },
      });
      const refused = await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, {}, { token: caseworker.token });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body).toMatchObject({ type: 'urn:mc:problem:immigration-risk', warning: expect.any(String) });
      // Nothing of the ladder was created.
      expect((await api.get(stepsPath(complaint.id), { token: caseworker.token })).body.items).toEqual([]);
      expect(await ds.query(`SELECT id FROM reminders WHERE complaint_id = $1`, [complaint.id])).toEqual([]);

      const res = await api.post(
        `${COMPLAINTS}/${complaint.id}/playbook`,
        { confirmImmigrationRisk: true },
        { token: caseworker.token },
      );
      expect(res.status, res.text).toBe(201);
      expect(res.body.steps.map((s: any) => [s.type, s.deadlineRuleId])).toEqual([
        ['demand_letter', null],
        ['labour_inspectorate', null],
        ['labour_court', 'fr.l1471-1.rupture'],
      ]);
      const inspectorate = res.body.steps[1];
      expect(inspectorate.immigrationRiskConfirmedBy).toBe(caseworker.id);
      expect(res.body.steps[0].immigrationRiskConfirmedBy).toBeNull();
      expect(res.body.steps[2].dueAt).not.toBeNull();
      expect(
        (await api.post(`${COMPLAINTS}/${complaint.id}/playbook`, { confirm: true }, { token: caseworker.token }))
          .status,
      ).toBe(400);
    });
  });

  describe('the complaint clock', () => {
    it('stops internal reminders while paused, keeps legal ones; resume shifts internal targets by the pause', async () => {
      const complaint = await createComplaint(api, caseworker, {
        categories: ['unlawful_dismissal'],
        keyDates: { dismissalNoticeReceived: dayFromNow(10) },
      });
      const internal = await createStep(complaint.id, { type: 'demand_letter', dueAt: instantFromNow(10 * DAY) });
      const legal = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      const internalBefore = await reminderRows(internal.id);
      const legalBefore = await reminderRows(legal.id);

      const paused = await api.post(`${COMPLAINTS}/${complaint.id}/clock/pause`, undefined, {
        token: caseworker.token,
      });
      expect(paused.status).toBe(200);
      expect((await reminderRows(internal.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      expect(await reminderRows(legal.id)).toEqual(legalBefore);

      // Pretend the pause began 90 seconds ago (and the steps existed before it: a step shifts by
      // the part of the pause it lived through).
      await ds.query(
        `UPDATE escalation_steps SET created_at = created_at - interval '10 minutes', due_set_at = due_set_at - interval '10 minutes' WHERE complaint_id = $1`,
        [complaint.id],
      );
      await ds.query(`UPDATE complaints SET clock_paused_at = clock_paused_at - interval '90 seconds' WHERE id = $1`, [
        complaint.id,
      ]);
      const resumed = await api.post(`${COMPLAINTS}/${complaint.id}/clock/resume`, undefined, {
        token: caseworker.token,
      });
      expect(resumed.status).toBe(200);
      const seconds = resumed.body.clock.pausedSeconds as number;
      expect(seconds).toBeGreaterThanOrEqual(90);
      expect(seconds).toBeLessThan(150);

      const internalAfter = await getStep(complaint.id, internal.id);
      expect(Date.parse(internalAfter.dueAt) - Date.parse(internal.dueAt)).toBe(seconds * 1000);
      expect(Date.parse(internalAfter.overdueAt) - Date.parse(internal.overdueAt)).toBe(seconds * 1000);
      const rows = await reminderRows(internal.id);
      expect(rows.map((r) => r.id)).toEqual(internalBefore.map((r) => r.id));
      expect(
        rows.map((r) => [r.status, r.fireAt.getTime() - internalBefore.find((b) => b.id === r.id)!.fireAt.getTime()]),
      ).toEqual([
        ['pending', seconds * 1000],
        ['pending', seconds * 1000],
        ['pending', seconds * 1000],
      ]);

      const legalAfter = await getStep(complaint.id, legal.id);
      expect(legalAfter.dueAt).toBe(legal.dueAt);
      expect(legalAfter.dueDate).toBe(legal.dueDate);
      expect(await reminderRows(legal.id)).toEqual(legalBefore);

      const shifted = (await timeline(complaint.id)).filter((e) => e.type === 'steps.shifted');
      expect(shifted.map((e) => e.data)).toEqual([{ stepIds: [internal.id], seconds }]);
    });

    it('re-arms internal reminders after a real ~2 s pause, moved by the paused seconds', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(3 * DAY) });
      const before = await reminderRows(step.id);
      expect(
        (await api.post(`${COMPLAINTS}/${complaint.id}/clock/pause`, undefined, { token: caseworker.token })).status,
      ).toBe(200);
      expect((await reminderRows(step.id)).every((r) => r.status === 'cancelled')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const resumed = await api.post(`${COMPLAINTS}/${complaint.id}/clock/resume`, undefined, {
        token: caseworker.token,
      });
      expect(resumed.status).toBe(200);
      const seconds = resumed.body.clock.pausedSeconds as number;
      expect(seconds).toBeGreaterThanOrEqual(2);
      const after = await reminderRows(step.id);
      expect(after.map((r) => [r.id, r.status, r.fireAt.getTime()])).toEqual(
        before.map((r) => [r.id, 'pending', r.fireAt.getTime() + seconds * 1000]),
      );
    });
  });

  describe('complaint status and reminders', () => {
    it('rejecting a complaint cancels its pending reminders', async () => {
      const complaint = await createComplaint(api, caseworker, {
        keyDates: { dismissalNoticeReceived: dayFromNow(5) },
      });
      const internal = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const legal = await createStep(complaint.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' });
      await transition(complaint.id, { to: 'rejected', reason: 'out of scope' });
      const statuses = (await ds.query(`SELECT status FROM reminders WHERE complaint_id = $1`, [complaint.id])).map(
        (r: { status: string }) => r.status,
      );
      expect(statuses).toHaveLength(7);
      expect(new Set(statuses)).toEqual(new Set(['cancelled']));
      // Steps of a finished complaint accept only an outcome.
      expect((await patchStep(complaint.id, internal.id, { status: 'done' })).status).toBe(409);
      expect((await patchStep(complaint.id, legal.id, { outcome: 'Not filed' })).status).toBe(200);
    });

    it('resolving cancels them, reopening brings them back', async () => {
      const complaint = await createComplaint(api, caseworker);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(10 * DAY) });
      const before = await reminderRows(step.id);
      for (const to of ['triage', 'open', 'escalated']) await transition(complaint.id, { to });
      expect((await reminderRows(step.id)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
      await transition(complaint.id, {
        to: 'resolved',
        outcome: 'paid_in_full',
        recovered: { amount: '100.00', currency: 'EUR' },
      });
      expect((await reminderRows(step.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      await transition(complaint.id, { to: 'open', reason: 'the employer did not pay after all' });
      expect(await reminderRows(step.id)).toEqual(before);
    });
  });

  describe('GET /deadlines/upcoming', () => {
    let owner: TestUser;
    let other: TestUser;
    let complaintId: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      owner = await api.userWithRole('caseworker');
      other = await api.userWithRole('caseworker');
      const complaint = await createComplaint(api, owner);
      complaintId = complaint.id;
      const make = async (name: string, body: Record<string, unknown>) => {
        ids[name] = (await createStep(complaintId, body, owner.token)).id;
      };
      await make('overdue', { type: 'demand_letter', dueAt: instantFromNow(-2 * DAY), assigneeId: owner.id });
      await make('later', { type: 'union_referral', dueAt: instantFromNow(5 * DAY), assigneeId: owner.id });
      await make('soon', { type: 'other', dueAt: instantFromNow(3 * DAY), assigneeId: owner.id });
      await make('beyond', { type: 'labour_court', dueAt: instantFromNow(30 * DAY), assigneeId: owner.id });
      await make('coordinators', {
        type: 'partner_referral',
        dueAt: instantFromNow(4 * DAY),
        assigneeId: coordinator.id,
      });
      // A caseworker who cannot open the complaint is refused as a step's assignee...
      const refused = await api.post(
        stepsPath(complaintId),
        { type: 'public_disclosure', dueAt: instantFromNow(DAY), assigneeId: other.id },
        { token: owner.token },
      );
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'assigneeId', message: expect.any(String) }]);
      // ...but can still hold one after the complaint was reassigned away from them.
      await make('othersOnMine', { type: 'public_disclosure', dueAt: instantFromNow(DAY) });
      await ds.query(`UPDATE escalation_steps SET assignee_id = $1 WHERE id = $2`, [other.id, ids.othersOnMine]);
      await make('done', { type: 'employer_meeting', dueAt: instantFromNow(DAY), assigneeId: owner.id });
      await make('undated', { type: 'collective_action', assigneeId: owner.id });
      expect((await patchStep(complaintId, ids.done!, { status: 'done' }, { token: owner.token })).status).toBe(200);
    });

    const upcoming = (token: string, query = '') => api.get(`${UPCOMING}${query}`, { token });
    const mineOn = (items: any[]) => items.filter((s) => s.complaintId === complaintId).map((s) => s.stepId);

    it("lists the caller's open steps due within the window, overdue first, soonest first", async () => {
      const res = await upcoming(owner.token, '?within=P14D');
      expect(res.status, res.text).toBe(200);
      // othersOnMine is assigned to a caseworker who can no longer open the complaint: it is the
      // complaint owner's again.
      expect(res.body.items.map((s: any) => s.stepId)).toEqual([ids.overdue, ids.othersOnMine, ids.soon, ids.later]);
      expect(res.body.items.map((s: any) => s.overdue)).toEqual([true, false, false, false]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[0]).toMatchObject({
        complaintId,
        reference: expect.stringMatching(/^MC-\d{4}-\d+$/),
        type: 'demand_letter',
        status: 'planned',
        legal: false,
        deadlineRuleId: null,
        dueDate: null,
        assigneeId: owner.id,
      });
      // The default window is two weeks, and mine is the default.
      expect((await upcoming(owner.token)).body.items.map((s: any) => s.stepId)).toEqual([
        ids.overdue,
        ids.othersOnMine,
        ids.soon,
        ids.later,
      ]);
      // A wider window reaches the step a month ahead; limit cuts the list and the cursor goes on.
      expect((await upcoming(owner.token, '?within=P5W')).body.items.map((s: any) => s.stepId)).toEqual([
        ids.overdue,
        ids.othersOnMine,
        ids.soon,
        ids.later,
        ids.beyond,
      ]);
      const first = await upcoming(owner.token, '?within=P5W&limit=2');
      expect(first.body.items.map((s: any) => s.stepId)).toEqual([ids.overdue, ids.othersOnMine]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await upcoming(owner.token, `?within=P5W&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((s: any) => s.stepId)).toEqual([ids.soon, ids.later]);
      const third = await upcoming(owner.token, `?within=P5W&limit=2&cursor=${second.body.nextCursor}`);
      expect(third.body.items.map((s: any) => s.stepId)).toEqual([ids.beyond]);
      expect(third.body.nextCursor).toBeNull();
      expect((await upcoming(owner.token, '?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    });

    it('includes an unassigned step on a complaint assigned to the caller', async () => {
      const complaint = await createComplaint(api, coordinator);
      const assigned = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: owner.id },
        { token: coordinator.token },
      );
      expect(assigned.status, assigned.text).toBe(200);
      const step = await createStep(complaint.id, { type: 'other', dueAt: instantFromNow(6 * DAY) }, coordinator.token);
      const items = (await upcoming(owner.token, '?within=P14D')).body.items;
      expect(items.map((s: any) => s.stepId)).toContain(step.id);
    });

    it("shows a coordinator everyone's steps with mine=false, only theirs by default", async () => {
      const all = await upcoming(coordinator.token, '?within=P14D&mine=false&limit=200');
      expect(all.status).toBe(200);
      expect(mineOn(all.body.items)).toEqual([ids.overdue, ids.othersOnMine, ids.soon, ids.coordinators, ids.later]);
      const own = await upcoming(coordinator.token, '?within=P14D&limit=200');
      expect(mineOn(own.body.items)).toEqual([ids.coordinators]);
    });

    it('shows a caseworker no step of a complaint outside their scope, even one assigned to them', async () => {
      const mine = await upcoming(other.token, '?within=P14D&limit=200');
      expect(mine.status).toBe(200);
      expect(mineOn(mine.body.items)).toEqual([]);
      const all = await upcoming(other.token, '?within=P14D&mine=false&limit=200');
      expect(mineOn(all.body.items)).toEqual([]);
      // The owner, with mine=false, sees every open dated step of their complaint in the window.
      const owners = await upcoming(owner.token, '?within=P14D&mine=false&limit=200');
      expect(mineOn(owners.body.items)).toEqual([ids.overdue, ids.othersOnMine, ids.soon, ids.coordinators, ids.later]);
    });

    it('answers 400 for a bad window, flag or limit', async () => {
      for (const query of [
        '?within=P1M',
        '?within=abc',
        '?within=PT5H',
        '?within=',
        '?within=P0D',
        '?within=P367D',
        '?within=P53W',
        '?mine=maybe',
        '?limit=0',
        '?limit=201',
        '?limit=x',
        '?extra=1',
      ]) {
        expect((await upcoming(owner.token, query)).status, query).toBe(400);
      }
    });
  });

  describe('GET /complaints?overdue=', () => {
    it('filters complaints by whether an open step is past its deadline', async () => {
      const user = await api.userWithRole('caseworker');
      const overdue = await createComplaint(api, user);
      await createStep(overdue.id, { type: 'other', dueAt: instantFromNow(-HOUR) }, user.token);
      await createStep(overdue.id, { type: 'other', dueAt: instantFromNow(5 * DAY) }, user.token);
      const future = await createComplaint(api, user);
      await createStep(future.id, { type: 'other', dueAt: instantFromNow(5 * DAY) }, user.token);
      const finished = await createComplaint(api, user);
      const late = await createStep(finished.id, { type: 'other', dueAt: instantFromNow(-DAY) }, user.token);
      expect((await patchStep(finished.id, late.id, { status: 'done' }, { token: user.token })).status).toBe(200);
      const legalOverdue = await createComplaint(api, user, { keyDates: { dismissalNoticeReceived: '2026-03-13' } });
      await createStep(legalOverdue.id, { type: 'labour_court', deadlineRuleId: 'de.kschg.4' }, user.token);
      const none = await createComplaint(api, user);

      const ids = async (query: string) => {
        const res = await api.get(`${COMPLAINTS}${query}`, { token: user.token });
        expect(res.status, res.text).toBe(200);
        return (res.body.items as any[]).map((c) => c.id).sort();
      };
      expect(await ids('?overdue=true')).toEqual([overdue.id, legalOverdue.id].sort());
      expect(await ids('?overdue=false')).toEqual([future.id, finished.id, none.id].sort());
      expect(await ids('')).toHaveLength(5);
      expect((await api.get(`${COMPLAINTS}?overdue=maybe`, { token: user.token })).status).toBe(400);
    });
  });

  describe('access', () => {
    let complaintId: string;
    let stepId: string;

    beforeAll(async () => {
      const complaint = await createComplaint(api, caseworker);
      complaintId = complaint.id;
      stepId = (await createStep(complaintId, { type: 'other', dueAt: instantFromNow(5 * DAY) })).id;
    });

    const routes = (): [string, string, Record<string, unknown>?][] => [
      ['GET', stepsPath(complaintId)],
      ['POST', stepsPath(complaintId), { type: 'other' }],
      ['GET', stepPath(complaintId, stepId)],
      ['PATCH', stepPath(complaintId, stepId), { status: 'done' }],
      ['POST', `${COMPLAINTS}/${complaintId}/playbook`, {}],
      ['GET', `${UPCOMING}?within=P14D`],
    ];

    it('answers 401 without a token', async () => {
      for (const [method, path, body] of routes()) {
        expect((await api.request(method, path, { body })).status, `${method} ${path}`).toBe(401);
      }
    });

    it('answers 403 to an analyst on every route', async () => {
      for (const [method, path, body] of routes()) {
        expect((await api.request(method, path, { body, token: analyst.token })).status, `${method} ${path}`).toBe(403);
      }
    });

    it('answers 404 to a caseworker on a complaint of another caseworker, and changes nothing', async () => {
      for (const [method, path, body] of routes()) {
        if (path.startsWith(UPCOMING)) continue;
        expect((await api.request(method, path, { body, token: caseworkerB.token })).status, `${method} ${path}`).toBe(
          404,
        );
      }
      const steps = (await api.get(stepsPath(complaintId), { token: caseworker.token })).body.items;
      expect(steps.map((s: any) => [s.id, s.status])).toEqual([[stepId, 'planned']]);
    });
  });
});
