import { ConflictException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintChangeListeners, type ComplaintChangeListener } from '@mc/complaints';
import { DEADLINE_DISCLAIMER, DeadlineCalculator } from '@mc/deadlines';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, complaintBody, createComplaint, type TestUser } from './complaints.helpers.js';

interface TimelineItem {
  type: string;
  data: Record<string, unknown>;
}

describe('complaints: statutory deadlines', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  const path = (id: string) => `${COMPLAINTS}/${id}`;
  const get = async (id: string) => (await api.get(path(id), { token: caseworker.token })).body;
  const patch = (complaint: { id: string; version: number }, body: Record<string, unknown>) =>
    api.patch(path(complaint.id), body, {
      token: caseworker.token,
      headers: { 'if-match': `"${complaint.version}"` },
    });
  const timeline = async (id: string): Promise<TimelineItem[]> =>
    (await api.get(`${path(id)}/timeline?limit=100`, { token: caseworker.token })).body.items;
  const deadlineEvents = async (id: string) => (await timeline(id)).filter((e) => e.type === 'deadlines.computed');
  const storedRows = (id: string) =>
    ds.query(
      `SELECT rule_id, rule_version, trigger, event_date::text, due_date::text, rolled_from::text, calendar, computed_at
         FROM complaint_deadlines WHERE complaint_id = $1 ORDER BY due_date, rule_id`,
      [id],
    );

  it('computes de.kschg.4 for a DE-NW dismissal at once, with source and disclaimer', async () => {
    const created = await createComplaint(api, caseworker, {
      region: 'DE-NW',
      keyDates: { dismissalNoticeReceived: '2026-03-13' },
    });
    const expected = {
      ruleId: 'de.kschg.4',
      ruleVersion: 1,
      trigger: 'dismissal_notice_received',
      eventDate: '2026-03-13',
      period: 'P3W',
      // Three weeks end on Good Friday; Easter weekend and Easter Monday follow.
      dueDate: '2026-04-07',
      rolledFrom: '2026-04-03',
      rolledOver: [
        { date: '2026-04-03', reason: 'Good Friday, public holidays of DE-NW (date-holidays)' },
        { date: '2026-04-04', reason: 'Saturday' },
        { date: '2026-04-05', reason: 'Sunday' },
        { date: '2026-04-06', reason: 'Easter Monday, public holidays of DE-NW (date-holidays)' },
      ],
      rolledOverText:
        'rolled over Fri 3 Apr (Good Friday, public holidays of DE-NW (date-holidays)), Sat 4 Apr, Sun 5 Apr, ' +
        'Mon 6 Apr (Easter Monday, public holidays of DE-NW (date-holidays)) to Tue 7 Apr 2026',
      calendar: 'DE-NW',
      calendarVersionKey: 'date-holidays@1',
      source: '§4 KSchG; §§187, 188, 193 BGB',
      disclaimer: DEADLINE_DISCLAIMER,
    };
    expect(created.deadlines).toEqual([expected]);
    expect((await get(created.id)).deadlines).toEqual([expected]);
    const list = await api.get(`${COMPLAINTS}?employerId=${created.employerId}`, { token: caseworker.token });
    expect(list.body.items[0].deadlines).toEqual([expected]);

    const items = await timeline(created.id);
    expect(items.map((e) => e.type)).toEqual(['complaint.created', 'deadlines.computed']);
    expect(items[1]!.data).toEqual({ ruleIds: ['de.kschg.4'], dueDates: ['2026-04-07'] });
    expect(await storedRows(created.id)).toEqual([
      expect.objectContaining({ rule_id: 'de.kschg.4', rule_version: 1, due_date: '2026-04-07', calendar: 'DE-NW' }),
    ]);
  });

  /** The first year from now on whose 5 May is a working weekday, so the NL statute list alone rolls it. */
  const weekdayFifthOfMay = (): number => {
    for (let year = new Date().getUTCFullYear(); ; year++) {
      const weekday = new Date(Date.UTC(year, 4, 5)).getUTCDay();
      if (weekday >= 1 && weekday <= 5) return year;
    }
  };

  it('stores why an NL deadline rolled over 5 May (Algemene termijnenwet), and shows it in one line', async () => {
    const year = weekdayFifthOfMay();
    const created = await createComplaint(api, caseworker, {
      countryOfWork: 'NL',
      region: null,
      city: 'Venlo',
      employmentStart: `${year - 1}-06-01`,
      employmentEnd: `${year}-03-05`,
    });
    const main = created.deadlines.find((d: any) => d.ruleId === 'nl.bw.7-686a');
    // Two months end on 5 May, which the statute's list counts every year.
    expect(main).toMatchObject({ rolledFrom: `${year}-05-05`, calendar: 'NL', calendarVersionKey: 'nl.atw.3@1' });
    expect(main.rolledOver[0]).toEqual({ date: `${year}-05-05`, reason: '5 May, Algemene termijnenwet art. 3' });
    expect(main.rolledOverText).toMatch(/^rolled over \w{3} 5 May \(5 May, Algemene termijnenwet art\. 3\)/);
    // The stored reasons are exactly the engine's, and the view, the list and the row agree.
    const computed = api.app.get(DeadlineCalculator).compute({ ruleId: 'nl.bw.7-686a', eventDate: `${year}-03-05` });
    expect(main.rolledOver).toEqual(computed.rolledOver);
    expect(main.dueDate).toBe(computed.dueDate);
    expect((await get(created.id)).deadlines).toEqual(created.deadlines);
    const [row] = await ds.query(
      `SELECT rolled_over, calendar_version_key FROM complaint_deadlines WHERE complaint_id = $1 AND rule_id = 'nl.bw.7-686a'`,
      [created.id],
    );
    expect(row).toEqual({ rolled_over: main.rolledOver, calendar_version_key: 'nl.atw.3@1' });
  });

  it('has the statutory NL example: employment end 2027-03-05 is due Fri 2027-05-07, past 5 and 6 May', async () => {
    const created = await createComplaint(api, caseworker, {
      countryOfWork: 'NL',
      region: null,
      city: 'Venlo',
      employmentStart: '2026-06-01',
      employmentEnd: '2027-03-05',
    });
    expect(created.deadlines[0]).toMatchObject({
      ruleId: 'nl.bw.7-686a',
      dueDate: '2027-05-07',
      rolledFrom: '2027-05-05',
      rolledOver: [
        { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
        { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
      ],
      rolledOverText:
        'rolled over Wed 5 May (5 May, Algemene termijnenwet art. 3), Thu 6 May (Ascension Day, Algemene termijnenwet art. 3) to Fri 7 May 2027',
    });
  });

  it('recomputes when a key date changes and records it on the timeline', async () => {
    const created = await createComplaint(api, caseworker, {
      region: 'DE-NW',
      keyDates: { dismissalNoticeReceived: '2026-03-13' },
    });
    const res = await patch(created, { keyDates: { dismissalNoticeReceived: '2026-03-20', wageDue: '2026-05-31' } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.deadlines.map((d: any) => [d.ruleId, d.dueDate, d.rolledFrom])).toEqual([
      ['de.kschg.4', '2026-04-10', null],
      ['de.ausschlussfrist', '2026-08-31', null],
      ['de.bgb.195', '2029-12-31', null],
    ]);
    const events = await deadlineEvents(created.id);
    expect(events).toHaveLength(2);
    expect(events[1]!.data).toEqual({
      ruleIds: ['de.kschg.4', 'de.ausschlussfrist', 'de.bgb.195'],
      dueDates: ['2026-04-10', '2026-08-31', '2029-12-31'],
    });

    // Clearing the date removes its deadline; the others stay as they were stored.
    const before = await storedRows(created.id);
    const cleared = await patch(res.body, { keyDates: { dismissalNoticeReceived: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.deadlines.map((d: any) => d.ruleId)).toEqual(['de.ausschlussfrist', 'de.bgb.195']);
    expect(await storedRows(created.id)).toEqual(before.filter((r: any) => r.rule_id !== 'de.kschg.4'));
    expect((await deadlineEvents(created.id)).at(-1)!.data).toEqual({
      ruleIds: ['de.ausschlussfrist', 'de.bgb.195'],
      dueDates: ['2026-08-31', '2029-12-31'],
    });
  });

  it('uses the holiday calendar of the new region after a region change', async () => {
    // Three weeks from 2026-05-14 end on Corpus Christi: a holiday in DE-NW, not in DE-BE.
    const created = await createComplaint(api, caseworker, {
      region: 'DE-NW',
      keyDates: { dismissalNoticeReceived: '2026-05-14' },
    });
    expect(created.deadlines[0]).toMatchObject({ calendar: 'DE-NW', dueDate: '2026-06-05', rolledFrom: '2026-06-04' });
    const res = await patch(created, { region: 'DE-BE', city: 'Berlin' });
    expect(res.status).toBe(200);
    expect(res.body.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'de.kschg.4', calendar: 'DE-BE', dueDate: '2026-06-04', rolledFrom: null }),
    ]);
    expect((await deadlineEvents(created.id)).map((e) => e.data.dueDates)).toEqual([['2026-06-05'], ['2026-06-04']]);
  });

  it('leaves the deadlines and the timeline alone when an unrelated field or an equivalent region changes', async () => {
    const created = await createComplaint(api, caseworker, {
      countryOfWork: 'FR',
      region: null,
      keyDates: { dismissalNoticeReceived: '2026-05-14' },
    });
    expect(created.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'fr.l1471-1.rupture', dueDate: '2027-05-14', calendar: 'FR' }),
    ]);
    const before = await storedRows(created.id);

    const priority = await patch(created, { priority: 'urgent', summary: 'Dismissed after asking for wages' });
    expect(priority.status).toBe(200);
    expect(priority.body.version).toBe(2);
    // Paris has no holidays of its own: the calendar stays FR, so nothing is recomputed.
    const region = await patch(priority.body, { region: 'FR-75C' });
    expect(region.status).toBe(200);
    // Re-sending the same key date is no change at all.
    const same = await patch(region.body, { keyDates: { dismissalNoticeReceived: '2026-05-14' } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(3);

    expect(same.body.deadlines).toEqual(created.deadlines);
    expect(await storedRows(created.id)).toEqual(before);
    expect(await deadlineEvents(created.id)).toHaveLength(1);
  });

  it('computes the pl.kp.264 example and follows a change of country', async () => {
    const created = await createComplaint(api, caseworker, {
      countryOfWork: 'PL',
      region: 'PL-MZ',
      city: 'Warszawa',
      keyDates: { dismissalNoticeReceived: '2026-04-12' },
    });
    // 21 days end on Sunday 2026-05-03 (also Constitution Day).
    expect(created.deadlines).toEqual([
      expect.objectContaining({
        ruleId: 'pl.kp.264',
        period: 'P21D',
        dueDate: '2026-05-04',
        rolledFrom: '2026-05-03',
        calendar: 'PL',
        source: 'Art. 264 §1 KP; Art. 115 KC',
        disclaimer: DEADLINE_DISCLAIMER,
      }),
    ]);
    const moved = await patch(created, { countryOfWork: 'LT', region: null });
    expect(moved.status).toBe(200);
    expect(moved.body.deadlines).toEqual([
      expect.objectContaining({ ruleId: 'lt.dk.220', period: 'P1M', dueDate: '2026-05-12', calendar: 'LT' }),
    ]);
    expect((await storedRows(created.id)).map((r: any) => r.rule_id)).toEqual(['lt.dk.220']);
  });

  it('has no deadlines (and no deadline event) without key dates', async () => {
    const created = await createComplaint(api, caseworker);
    expect(created.deadlines).toEqual([]);
    expect((await get(created.id)).deadlines).toEqual([]);
    expect(await deadlineEvents(created.id)).toEqual([]);
  });

  it('counts employmentEnd as the trigger of the NL dismissal rules', async () => {
    const created = await createComplaint(api, caseworker, {
      countryOfWork: 'NL',
      region: null,
      city: 'Venlo',
      employmentStart: '2025-06-01',
      employmentEnd: '2026-02-27',
    });
    // Two months end on King's Day (Monday 2026-04-27).
    expect(created.deadlines).toEqual([
      expect.objectContaining({
        ruleId: 'nl.bw.7-686a',
        trigger: 'employment_end',
        eventDate: '2026-02-27',
        dueDate: '2026-04-28',
        rolledFrom: '2026-04-27',
        calendar: 'NL',
      }),
      expect.objectContaining({ ruleId: 'nl.bw.7-686a.transitie', dueDate: '2026-05-27', rolledFrom: null }),
    ]);
    const later = await patch(created, { employmentEnd: '2026-03-31' });
    expect(later.status).toBe(200);
    expect(later.body.deadlines.map((d: any) => [d.ruleId, d.eventDate])).toEqual([
      ['nl.bw.7-686a', '2026-03-31'],
      ['nl.bw.7-686a.transitie', '2026-03-31'],
    ]);
    expect(await deadlineEvents(created.id)).toHaveLength(2);
  });

  it('answers 4xx, never 500, when the engine refuses, and stores nothing', async () => {
    const badRegion = await api.post(
      COMPLAINTS,
      await complaintBody(api, caseworker, { region: 'DE-XX', keyDates: { dismissalNoticeReceived: '2026-03-13' } }),
      { token: caseworker.token },
    );
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.errors).toEqual([expect.objectContaining({ field: 'region' })]);
    // Also without key dates: the region picks the calendar of any deadline entered later.
    const noDates = await api.post(COMPLAINTS, await complaintBody(api, caseworker, { region: 'DE-XX' }), {
      token: caseworker.token,
    });
    expect(noDates.status).toBe(400);

    // No version of the rule was in force on the key date.
    const tooOld = await api.post(
      COMPLAINTS,
      await complaintBody(api, caseworker, { keyDates: { wageDue: '2001-06-30' } }),
      { token: caseworker.token },
    );
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.errors).toEqual([expect.objectContaining({ field: 'keyDates.wageDue' })]);

    const created = await createComplaint(api, caseworker, { keyDates: { dismissalNoticeReceived: '2026-03-13' } });
    const patched = await patch(created, { region: 'DE-XX' });
    expect(patched.status).toBe(400);
    expect(patched.body.errors).toEqual([expect.objectContaining({ field: 'region' })]);
    const old = await patch(created, { keyDates: { dismissalNoticeReceived: '1999-12-01' } });
    expect(old.status).toBe(422);
    expect(old.body.errors).toEqual([expect.objectContaining({ field: 'keyDates.dismissalNoticeReceived' })]);
    const now = await get(created.id);
    expect(now).toMatchObject({ version: 1, region: 'DE-NW', keyDates: { dismissalNoticeReceived: '2026-03-13' } });
    expect(now.deadlines).toEqual(created.deadlines);
    expect(await deadlineEvents(created.id)).toHaveLength(1);
  });

  it('recomputes a row stored with a rule version other than the one in force on its date, and only that row', async () => {
    const created = await createComplaint(api, caseworker, {
      keyDates: { dismissalNoticeReceived: '2026-03-13', wageDue: '2026-05-31' },
    });
    // As if an older table version had been used: the next recomputation corrects it.
    await ds.query(
      `UPDATE complaint_deadlines SET rule_version = 0, due_date = '2026-04-08' WHERE complaint_id = $1 AND rule_id = 'de.kschg.4'`,
      [created.id],
    );
    // The version is gone from the table: until then, the rule's current source still shows.
    expect((await get(created.id)).deadlines.find((d: any) => d.ruleId === 'de.kschg.4')).toMatchObject({
      ruleVersion: 0,
      dueDate: '2026-04-08',
      source: '§4 KSchG; §§187, 188, 193 BGB',
    });
    const before = await storedRows(created.id);
    // A key date no DE rule uses: the change recomputes, and only the stale row moves.
    const res = await patch(created, { keyDates: { factsKnown: '2026-03-01' } });
    expect(res.status).toBe(200);
    expect(res.body.deadlines.find((d: any) => d.ruleId === 'de.kschg.4')).toMatchObject({
      ruleVersion: 1,
      dueDate: '2026-04-07',
    });
    const after = await storedRows(created.id);
    // de.ausschlussfrist (same date and versions) stayed the very row it was.
    const untouched = (rows: any[]) => rows.find((r) => r.rule_id === 'de.ausschlussfrist');
    expect(untouched(after)).toEqual(untouched(before));
  });

  describe('change listeners', () => {
    it('calls listeners inside the transaction with the row after the change', async () => {
      const listeners = api.app.get(ComplaintChangeListeners);
      const calls: Array<[string, ...unknown[]]> = [];
      const listener: ComplaintChangeListener = {
        async deadlinesChanged(manager, complaint, deadlines) {
          // The rows are already written in this transaction.
          const [{ count }] = await manager.query(
            `SELECT count(*)::int AS count FROM complaint_deadlines WHERE complaint_id = $1`,
            [complaint.id],
          );
          calls.push(['deadlines', complaint.version, complaint.region, deadlines.map((d) => d.ruleId), count]);
        },
        async clockPaused(_manager, complaint) {
          calls.push(['paused', complaint.clockPausedAt !== null]);
        },
        async clockResumed(_manager, complaint, pausedSeconds) {
          calls.push(['resumed', complaint.clockPausedAt === null, pausedSeconds >= 0]);
        },
        async statusChanged(_manager, complaint, from, to) {
          calls.push(['status', complaint.status, from, to]);
        },
      };
      listeners.register(listener);
      try {
        const created = await createComplaint(api, caseworker, { keyDates: { dismissalNoticeReceived: '2026-03-13' } });
        const plain = await createComplaint(api, caseworker);
        const updated = await patch(created, { region: 'DE-BE' });
        expect(updated.status).toBe(200);
        expect((await patch(updated.body, { priority: 'high' })).status).toBe(200);
        const id = created.id as string;
        expect((await api.post(`${path(id)}/clock/pause`, undefined, { token: caseworker.token })).status).toBeLessThan(
          300,
        );
        expect(
          (await api.post(`${path(id)}/clock/resume`, undefined, { token: caseworker.token })).status,
        ).toBeLessThan(300);
        expect((await api.post(`${path(id)}/transitions`, { to: 'triage' }, { token: caseworker.token })).status).toBe(
          200,
        );
        expect(calls).toEqual([
          ['deadlines', 1, 'DE-NW', ['de.kschg.4'], 1],
          // Created without key dates: listeners still hear of the (empty) deadlines.
          ['deadlines', 1, 'DE-NW', [], 0],
          ['deadlines', 2, 'DE-BE', ['de.kschg.4'], 1],
          ['paused', true],
          ['resumed', true, true],
          ['status', 'triage', 'new', 'triage'],
        ]);
        expect(plain.deadlines).toEqual([]);
      } finally {
        listeners.unregister(listener);
      }
    });

    it("rolls the change back when a listener fails, and passes the listener's 4xx on", async () => {
      const listeners = api.app.get(ComplaintChangeListeners);
      const listener: ComplaintChangeListener = {
        async deadlinesChanged() {
          throw new ConflictException('A step still uses this deadline');
        },
      };
      const created = await createComplaint(api, caseworker, { keyDates: { dismissalNoticeReceived: '2026-03-13' } });
      listeners.register(listener);
      try {
        const res = await patch(created, { keyDates: { dismissalNoticeReceived: '2026-03-20' } });
        expect(res.status).toBe(409);
      } finally {
        listeners.unregister(listener);
      }
      const now = await get(created.id);
      expect(now).toMatchObject({ version: 1, keyDates: { dismissalNoticeReceived: '2026-03-13' } });
      expect(now.deadlines).toEqual(created.deadlines);
      expect((await timeline(created.id)).map((e) => e.type)).toEqual(['complaint.created', 'deadlines.computed']);
    });
  });
});
