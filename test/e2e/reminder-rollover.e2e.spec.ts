import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReminderFiringService, ReminderJobs } from '@mc/escalations';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, createComplaint, type TestUser } from './complaints.helpers.js';

/*
 * A reminder of a legal step says in one line which days its last day rolled past and why, as
 * the complaint's stored deadline does, in the reader's language; an internal target says nothing
 * of it. The statutory example: nl.bw.7-686a from an employment end of 2027-03-05 ends on 5 May,
 * which the Algemene termijnenwet counts, and rolls past Ascension Day to Friday 7 May.
 */
describe('reminders: the roll-over of a legal last day', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  /** A step's first reminder, made due now so that it fires. */
  async function fireFirstReminder(stepId: string) {
    await api.app.get(ReminderJobs).idle();
    const [rows] = (await ds.query(
      `UPDATE reminders SET fire_at = now() - interval '1 second'
        WHERE id = (SELECT id FROM reminders WHERE step_id = $1 ORDER BY fire_at LIMIT 1) RETURNING id`,
      [stepId],
    )) as [{ id: string }[], number];
    const reminder = rows[0];
    const result = await api.app.get(ReminderFiringService).fire(reminder!.id, undefined);
    expect(result.outcome).toBe('sent');
    return (await ds.query(`SELECT user_id, params FROM notifications WHERE step_id = $1 AND kind = 'reminder.due'`, [
      stepId,
    ])) as { user_id: string; params: Record<string, unknown> }[];
  }

  async function nlCourtStep(): Promise<{ complaintId: string; stepId: string }> {
    const complaint = await createComplaint(api, caseworker, {
      categories: ['unlawful_dismissal'],
      countryOfWork: 'NL',
      region: null,
      employmentStart: '2026-06-01',
      employmentEnd: '2027-03-05',
    });
    const step = await api.post(
      `${COMPLAINTS}/${complaint.id}/steps`,
      { type: 'labour_court', deadlineRuleId: 'nl.bw.7-686a' },
      { token: caseworker.token },
    );
    expect(step.status, step.text).toBe(201);
    expect(step.body.dueDate).toBe('2027-05-07');
    return { complaintId: complaint.id, stepId: step.body.id };
  }

  it('stores the rolled-over days in the reminder and says them in the text', async () => {
    const { stepId } = await nlCourtStep();
    const [notification] = await fireFirstReminder(stepId);
    expect(notification!.params.rolledOver).toEqual([
      { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
      { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
    ]);
    const inbox = await api.get('/api/v1/notifications', { token: caseworker.token });
    const body = (inbox.body.items as { stepId: string; body: string }[]).find((n) => n.stepId === stepId)!.body;
    expect(body).toContain(
      'last day 2027-05-07. The last day rolled past 2027-05-05 (5 May, Algemene termijnenwet art. 3), ' +
        '2027-05-06 (Ascension Day, Algemene termijnenwet art. 3). Computed by the tracker',
    );
  });

  it('says it in Russian to a reader who reads Russian', async () => {
    const { stepId } = await nlCourtStep();
    await fireFirstReminder(stepId);
    const me = await api.patch('/api/v1/auth/me', { locale: 'ru' }, { token: caseworker.token });
    expect(me.status, me.text).toBe(200);
    try {
      const inbox = await api.get('/api/v1/notifications', { token: caseworker.token });
      const body = (inbox.body.items as { stepId: string; body: string }[]).find((n) => n.stepId === stepId)!.body;
      expect(body).toContain(
        'Срок перенесён через выходные и праздники: 2027-05-05 (5 May, Algemene termijnenwet art. 3)',
      );
    } finally {
      await api.patch('/api/v1/auth/me', { locale: 'en' }, { token: caseworker.token });
    }
  });

  it('says nothing of a roll-over when the stored deadline ends on another day than the step', async () => {
    const { complaintId, stepId } = await nlCourtStep();
    // The step was moved by hand: its day is not the stored deadline's, so the reasons do not apply.
    await ds.query(`UPDATE escalation_steps SET due_date = '2027-05-10' WHERE id = $1`, [stepId]);
    const [notification] = await fireFirstReminder(stepId);
    expect(notification!.params.rolledOver).toEqual([]);
    const stored = (await ds.query(
      `SELECT jsonb_array_length(rolled_over) AS n FROM complaint_deadlines WHERE complaint_id = $1 AND rule_id = 'nl.bw.7-686a'`,
      [complaintId],
    )) as { n: number }[];
    expect(stored[0]!.n).toBe(2);
    const inbox = await api.get('/api/v1/notifications', { token: caseworker.token });
    const body = (inbox.body.items as { stepId: string; body: string }[]).find((n) => n.stepId === stepId)!.body;
    expect(body).not.toContain('rolled past');
  });
});
