import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_DISCLAIMER, defaultCalendarBook } from '@mc/deadlines';
import { createTestApi, type TestApi } from '../support/test-api.js';

const BASE = '/api/v1/deadlines';
// The date-holidays data calendar's source, as the rule table and every result built on it show it.
const DATE_HOLIDAYS_SOURCE = defaultCalendarBook.find('date-holidays').source;

interface Problem {
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

describe('deadlines API', () => {
  let api: TestApi;
  let analyst: { token: string };
  let caseworker: { token: string };

  beforeAll(async () => {
    api = await createTestApi();
    analyst = await api.userWithRole('analyst');
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  const compute = (body: Record<string, unknown>, token = caseworker.token) =>
    api.post(`${BASE}/compute`, body, { token });

  describe('POST /deadlines/compute', () => {
    it('computes the KSchG worked example: Good Friday and Easter push the end to Tue 2026-04-07', async () => {
      const res = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', region: 'DE-NW' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        ruleId: 'de.kschg.4',
        ruleVersion: 1,
        eventDate: '2026-03-13',
        period: 'P3W',
        dueDate: '2026-04-07',
        rolledFrom: '2026-04-03',
        rolledOver: [
          { date: '2026-04-03', reason: 'Good Friday, public holidays of DE-NW (date-holidays)' },
          { date: '2026-04-04', reason: 'Saturday' },
          { date: '2026-04-05', reason: 'Sunday' },
          { date: '2026-04-06', reason: 'Easter Monday, public holidays of DE-NW (date-holidays)' },
        ],
        calendar: 'DE-NW',
        calendarId: 'date-holidays',
        calendarVersion: 1,
        calendarSource: DATE_HOLIDAYS_SOURCE,
        source: '§4 KSchG; §§187, 188, 193 BGB',
        disclaimer: DEADLINE_DISCLAIMER,
      });
    });

    it('NL counts the Algemene termijnenwet list: from 2027-03-05 the end rolls past 5 May and Ascension Day to Fri 2027-05-07', async () => {
      const res = await compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-03-05' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        dueDate: '2027-05-07',
        rolledFrom: '2027-05-05',
        calendar: 'NL',
        calendarId: 'nl.atw.3',
        calendarVersion: 1,
        calendarSource: 'Algemene termijnenwet art. 3 lid 1 (Stb. 1964, 314)',
      });
      expect(res.body.rolledOver).toEqual([
        { date: '2027-05-05', reason: '5 May, Algemene termijnenwet art. 3' },
        { date: '2027-05-06', reason: 'Ascension Day, Algemene termijnenwet art. 3' },
      ]);
    });

    it('computes a Serbian rule: rs.zr.195 from a notice on 2027-03-03 ends on Orthodox Easter Sunday, due Tue 2027-05-04', async () => {
      const res = await compute({ ruleId: 'rs.zr.195', eventDate: '2027-03-03' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        ruleId: 'rs.zr.195',
        period: 'P60D',
        dueDate: '2027-05-04',
        rolledFrom: '2027-05-02',
        calendar: 'RS',
        calendarId: 'date-holidays',
        source: 'Zakon o radu čl. 195 st. 2',
      });
      expect(res.body.rolledOver).toEqual([
        { date: '2027-05-02', reason: 'Sunday' },
        { date: '2027-05-03', reason: 'Orthodox Easter Monday and Labour Day, public holidays of RS (date-holidays)' },
      ]);
    });

    it('answers rolledOver: [] when the end is a working day', async () => {
      const res = await compute({ ruleId: 'nl.bw.7-686a', eventDate: '2027-01-26' });
      expect(res.status, res.text).toBe(200);
      // Good Friday 2027 is not on the Algemene termijnenwet list, so the end stays on it.
      expect(res.body).toMatchObject({
        dueDate: '2027-03-26',
        rolledFrom: null,
        rolledOver: [],
        calendarId: 'nl.atw.3',
      });
    });

    it('counts Good Friday in FR-57 (Alsace-Moselle) but not in France without a region', async () => {
      const moselle = await compute({ ruleId: 'fr.l1471-1.rupture', eventDate: '2026-03-26', region: 'FR-57' });
      expect(moselle.status, moselle.text).toBe(200);
      expect(moselle.body).toMatchObject({
        dueDate: '2027-03-30',
        rolledFrom: '2027-03-26',
        calendar: 'FR-57',
        calendarId: 'fr.alsace-moselle',
        calendarVersion: 1,
      });
      expect(moselle.body.rolledOver).toEqual([
        { date: '2027-03-26', reason: 'Good Friday, Code du travail L3134-13 (Alsace-Moselle)' },
        { date: '2027-03-27', reason: 'Saturday' },
        { date: '2027-03-28', reason: 'Sunday' },
        { date: '2027-03-29', reason: 'Easter Monday, public holidays of FR (date-holidays)' },
      ]);

      const france = await compute({ ruleId: 'fr.l1471-1.rupture', eventDate: '2026-03-26' });
      expect(france.status, france.text).toBe(200);
      expect(france.body).toMatchObject({
        dueDate: '2027-03-26',
        rolledFrom: null,
        rolledOver: [],
        calendar: 'FR',
        calendarId: 'date-holidays',
      });
    });

    it('computes the Polish worked example: Constitution Day on a Sunday pushes the end to Mon 2026-05-04', async () => {
      const res = await compute({ ruleId: 'pl.kp.264', eventDate: '2026-04-12' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ dueDate: '2026-05-04', rolledFrom: '2026-05-03', calendar: 'PL' });
    });

    it('computes the limitation worked example from the end of the year: 2029-12-31', async () => {
      const res = await compute({ ruleId: 'de.bgb.195', eventDate: '2026-05-31' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ dueDate: '2029-12-31', rolledFrom: null, rolledOver: [], calendar: 'DE' });
    });

    it('is open to every authenticated role, analysts included', async () => {
      const res = await compute({ ruleId: 'lt.dk.220', eventDate: '2026-01-16' }, analyst.token);
      expect(res.status, res.text).toBe(200);
      expect(res.body.dueDate).toBe('2026-02-17');
    });

    it('applies a regional holiday only in its region (Corpus Christi 2026 in DE-NW, not DE-BE)', async () => {
      const nw = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-05-14', region: 'DE-NW' });
      const be = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-05-14', region: 'DE-BE' });
      expect(nw.body).toMatchObject({ dueDate: '2026-06-05', rolledFrom: '2026-06-04' });
      expect(be.body).toMatchObject({ dueDate: '2026-06-04', rolledFrom: null });
    });

    it('accepts a period override for the contractual cut-off only', async () => {
      const cutOff = await compute({ ruleId: 'de.ausschlussfrist', eventDate: '2026-05-31', period: 'P2M' });
      expect(cutOff.status, cutOff.text).toBe(200);
      expect(cutOff.body).toMatchObject({ period: 'P2M', dueDate: '2026-07-31' });

      const statutory = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', period: 'P4W' });
      expect(statutory.status).toBe(400);
      expect((statutory.body as Problem).errors?.map((e) => e.field)).toEqual(['period']);

      const malformed = await compute({ ruleId: 'de.ausschlussfrist', eventDate: '2026-05-31', period: 'P1Y2M' });
      expect(malformed.status).toBe(400);
      expect((malformed.body as Problem).errors?.map((e) => e.field)).toEqual(['period']);
    });

    it('answers 401 without a token', async () => {
      const res = await api.post(`${BASE}/compute`, { ruleId: 'de.kschg.4', eventDate: '2026-03-13' });
      expect(res.status).toBe(401);
    });

    it('answers 404 as a problem for an unknown rule', async () => {
      const res = await compute({ ruleId: 'de.no-such-rule', eventDate: '2026-03-13' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((res.body as Problem).detail).toContain('de.no-such-rule');

      // Serbian rules used to answer 404 too; an unknown Serbian id still does.
      expect((await compute({ ruleId: 'rs.zr.196', eventDate: '2026-01-15' })).status).toBe(200);
      expect((await compute({ ruleId: 'rs.no-such-rule', eventDate: '2026-01-15' })).status).toBe(404);
    });

    it.each(['2026-02-30', '13/03/2026', '2026-3-13', '', 20260313])(
      'answers 400 for the event date %j',
      async (eventDate) => {
        const res = await compute({ ruleId: 'de.kschg.4', eventDate });
        expect(res.status).toBe(400);
        expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['eventDate']);
      },
    );

    it.each([
      ['PL-14', 'a region of another country than the rule'],
      ['DE-XX', 'an unknown German state'],
      ['NW', 'a malformed code'],
    ])('answers 400 for the region %s (%s)', async (region) => {
      const res = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', region });
      expect(res.status).toBe(400);
      expect((res.body as Problem).errors?.map((e) => e.field)).toEqual(['region']);
    });

    it('answers 400 for an unknown field or a missing one', async () => {
      const extra = await compute({ ruleId: 'de.kschg.4', eventDate: '2026-03-13', timezone: 'Europe/Berlin' });
      expect(extra.status).toBe(400);
      expect((extra.body as Problem).errors?.map((e) => e.field)).toContain('timezone');

      const missing = await compute({ eventDate: '2026-03-13' });
      expect(missing.status).toBe(400);
      expect((missing.body as Problem).errors?.map((e) => e.field)).toContain('ruleId');
    });

    it('answers 422 when no version of the rule was in force on the event date', async () => {
      const res = await compute({ ruleId: 'pl.kp.264', eventDate: '2017-05-31' });
      expect(res.status).toBe(422);
    });
  });

  describe('GET /deadlines/rules', () => {
    it('lists the whole rule table', async () => {
      const res = await api.get(`${BASE}/rules`, { token: analyst.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items).toHaveLength(18);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.find((r: { id: string }) => r.id === 'de.bgb.195')).toEqual({
        id: 'de.bgb.195',
        version: 1,
        country: 'DE',
        claim: 'limitation of wage claims',
        trigger: 'wage_due',
        period: 'P3Y',
        counting: 'from_year_end',
        rollOver: 'next_working_day',
        calendar: 'country+region',
        calendars: [
          {
            calendarId: 'date-holidays',
            version: 1,
            name: 'public holidays of the place of work (date-holidays)',
            source: DATE_HOLIDAYS_SOURCE,
            regions: null,
          },
        ],
        periodOverridable: false,
        source: '§§195, 199 BGB',
        validFrom: '2002-01-01',
        note: 'Counted from the end of the year in which the claim arose.',
      });
    });

    it('filters by country', async () => {
      const res = await api.get(`${BASE}/rules?country=NL`, { token: caseworker.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([
        'nl.bw.7-686a',
        'nl.bw.7-686a.transitie',
        'nl.bw.3-308',
      ]);
    });

    it('shows the statute’s own calendar and its source for an NL rule', async () => {
      const res = await api.get(`${BASE}/rules?country=NL`, { token: caseworker.token });
      expect(res.status, res.text).toBe(200);
      const rule = res.body.items.find((r: { id: string }) => r.id === 'nl.bw.7-686a');
      expect(rule.calendars).toEqual([
        {
          calendarId: 'nl.atw.3',
          version: 1,
          name: 'Algemene termijnenwet art. 3',
          source: 'Algemene termijnenwet art. 3 lid 1 (Stb. 1964, 314)',
          regions: null,
          note: expect.stringContaining('Good Friday'),
        },
      ]);
    });

    it('shows the Alsace-Moselle list for its regions next to the national data for a FR rule', async () => {
      const res = await api.get(`${BASE}/rules?country=FR`, { token: caseworker.token });
      expect(res.status, res.text).toBe(200);
      const rule = res.body.items.find((r: { id: string }) => r.id === 'fr.l1471-1.rupture');
      expect(rule.calendars).toMatchObject([
        { calendarId: 'date-holidays', regions: null, source: DATE_HOLIDAYS_SOURCE },
        {
          calendarId: 'fr.alsace-moselle',
          version: 1,
          regions: ['FR-57', 'FR-67', 'FR-68'],
          source: expect.stringContaining('L3134-13'),
        },
      ]);
    });

    it('answers 400 for a malformed country and 401 without a token', async () => {
      expect((await api.get(`${BASE}/rules?country=deu`, { token: caseworker.token })).status).toBe(400);
      expect((await api.get(`${BASE}/rules`)).status).toBe(401);
    });
  });
});
