import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEmployer, insertWorker } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, complaintBody, createComplaint, type TestUser } from './complaints.helpers.js';

describe('complaints: create, read, list, edit', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworkerA: TestUser;
  let caseworkerB: TestUser;
  let coordinator: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworkerA = await api.userWithRole('caseworker');
    caseworkerB = await api.userWithRole('caseworker');
    coordinator = await api.userWithRole('coordinator');
    analyst = await api.userWithRole('analyst');
  });
  afterAll(() => api.close());

  describe('POST /complaints', () => {
    it('creates a complaint with a yearly reference, status new and version 1', async () => {
      const body = await complaintBody(api, caseworkerA, {
        facts: 'Paid cash for two weeks, then nothing.',
        employmentStart: '2026-01-05',
        employmentEnd: '2026-03-31',
        keyDates: { dismissalNoticeReceived: '2026-03-13', wageDue: '2026-03-31' },
        amountClaimed: { amount: '1250.5', currency: 'EUR' },
        priority: 'high',
      });
      // The reference takes the UTC year of the moment of creation: either side of a New Year's midnight.
      const yearBefore = new Date().getUTCFullYear();
      const res = await api.post(COMPLAINTS, body, { token: caseworkerA.token });
      expect(res.status).toBe(201);
      const yearAfter = new Date().getUTCFullYear();
      expect(res.body.reference).toMatch(new RegExp(`^MC-(${yearBefore}|${yearAfter})-\\d{5,}$`));
      expect(res.body).toMatchObject({
        status: 'new',
        version: 1,
        outcome: null,
        source: 'caseworker',
        createdBy: caseworkerA.id,
        assigneeId: null,
        workerIds: body.workerIds,
        employerId: body.employerId,
        intermediaryEmployerIds: [],
        categories: ['unpaid_wages'],
        summary: body.summary,
        facts: body.facts,
        countryOfWork: 'DE',
        region: 'DE-NW',
        employmentStart: '2026-01-05',
        employmentEnd: '2026-03-31',
        keyDates: {
          dismissalNoticeReceived: '2026-03-13',
          wageDue: '2026-03-31',
          fixedTermEnd: null,
          factsKnown: null,
          discriminationKnown: null,
          aggClaimAsserted: null,
        },
        amountClaimed: { amount: '1250.50', currency: 'EUR' },
        amountRecovered: null,
        workersAffected: 1,
        priority: 'high',
        clock: { paused: false, pausedAt: null, pausedSeconds: 0 },
        deadlines: [
          expect.objectContaining({ ruleId: 'de.kschg.4', dueDate: '2026-04-07', rolledFrom: '2026-04-03' }),
          expect.objectContaining({ ruleId: 'de.ausschlussfrist', dueDate: '2026-06-30' }),
          expect.objectContaining({ ruleId: 'de.bgb.195', dueDate: '2029-12-31' }),
        ],
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('defaults workersAffected to the number of workers and accepts more', async () => {
      const second = await insertWorker(ds, { createdBy: caseworkerA.id });
      const base = await complaintBody(api, caseworkerA);
      const res = await api.post(
        COMPLAINTS,
        { ...base, workerIds: [...(base.workerIds as string[]), second.id] },
        { token: caseworkerA.token },
      );
      expect(res.status).toBe(201);
      expect(res.body.workersAffected).toBe(2);
      expect(res.body.workerIds).toHaveLength(2);

      const many = await createComplaint(api, caseworkerA, { workersAffected: 14 });
      expect(many.workersAffected).toBe(14);
    });

    it('stores intermediaries and follows a merged employer to the surviving record', async () => {
      const target = await insertEmployer(ds);
      const merged = await insertEmployer(ds, { mergedIntoId: target.id });
      const agency = await insertEmployer(ds, { kind: 'temp_agency' });
      const created = await createComplaint(api, caseworkerA, {
        employerId: merged.id,
        intermediaryEmployerIds: [agency.id, target.id],
      });
      expect(created.employerId).toBe(target.id);
      // The employer itself is not also its own intermediary.
      expect(created.intermediaryEmployerIds).toEqual([agency.id]);
    });

    const invalid: Array<[string, Record<string, unknown>, string]> = [
      ['missing workerIds', { workerIds: undefined }, 'workerIds'],
      ['empty workerIds', { workerIds: [] }, 'workerIds'],
      ['a repeated worker', { workerIds: 'dup' }, 'workerIds'],
      ['a non-UUID worker id', { workerIds: ['abc'] }, 'workerIds'],
      ['empty categories', { categories: [] }, 'categories'],
      ['an unknown category', { categories: ['unpaid_wages', 'bad_vibes'] }, 'categories'],
      ['a blank summary', { summary: '   ' }, 'summary'],
      ['a summary over 500 characters', { summary: 'x'.repeat(501) }, 'summary'],
      ['a date that does not exist', { employmentStart: '2026-02-30' }, 'employmentStart'],
      ['a date in another format', { keyDates: { wageDue: '31.03.2026' } }, 'keyDates.wageDue'],
      [
        'employment ending before it starts',
        { employmentStart: '2026-03-01', employmentEnd: '2026-02-28' },
        'employmentEnd',
      ],
      [
        'an amount with three decimals',
        { amountClaimed: { amount: '12.345', currency: 'EUR' } },
        'amountClaimed.amount',
      ],
      ['an amount as a float number', { amountClaimed: { amount: 12.5, currency: 'EUR' } }, 'amountClaimed.amount'],
      ['a lower-case currency', { amountClaimed: { amount: '12.50', currency: 'eur' } }, 'amountClaimed.currency'],
      ['an unknown currency', { amountClaimed: { amount: '12.50', currency: 'EUX' } }, 'amountClaimed.currency'],
      ['a region of another country', { region: 'FR-75C' }, 'region'],
      ['a malformed region', { region: 'Nordrhein-Westfalen' }, 'region'],
      ['a lower-case country', { countryOfWork: 'de', region: undefined }, 'countryOfWork'],
      ['an unknown field', { reporterName: 'Ivan' }, 'reporterName'],
      ['an unknown field in keyDates', { keyDates: { payday: '2026-03-01' } }, 'keyDates.payday'],
      ['an unknown priority', { priority: 'asap' }, 'priority'],
      ['fewer workers affected than attached', { workersAffected: 0 }, 'workersAffected'],
    ];
    for (const [name, override, field] of invalid) {
      it(`answers 400 naming the field for ${name}`, async () => {
        const body = await complaintBody(api, caseworkerA);
        const ids = body.workerIds as string[];
        const dup = override.workerIds === 'dup' ? { workerIds: [...ids, ...ids] } : {};
        const res = await api.post(COMPLAINTS, { ...body, ...override, ...dup }, { token: caseworkerA.token });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
        expect(fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
      });
    }

    it('lists every invalid field at once', async () => {
      const res = await api.post(
        COMPLAINTS,
        { categories: [], summary: '', countryOfWork: 'Germany', amountClaimed: { amount: '1,5', currency: 'E' } },
        { token: caseworkerA.token },
      );
      expect(res.status).toBe(400);
      const fields = new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field));
      for (const field of [
        'workerIds',
        'employerId',
        'categories',
        'summary',
        'countryOfWork',
        'amountClaimed.amount',
        'amountClaimed.currency',
      ]) {
        expect(fields).toContain(field);
      }
    });

    it('answers 400 when fewer workers are affected than attached', async () => {
      const second = await insertWorker(ds, { createdBy: caseworkerA.id });
      const base = await complaintBody(api, caseworkerA);
      const res = await api.post(
        COMPLAINTS,
        { ...base, workerIds: [...(base.workerIds as string[]), second.id], workersAffected: 1 },
        { token: caseworkerA.token },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'workersAffected' })]);
    });

    it('answers 400, not 500, for text Postgres cannot store (a NUL character)', async () => {
      const base = await complaintBody(api, caseworkerA);
      const res = await api.post(COMPLAINTS, { ...base, city: 'Düssel\u0000dorf' }, { token: caseworkerA.token });
      expect(res.status, res.text).toBe(400);
      const search = await api.get(`${COMPLAINTS}?q=MC%00`, { token: caseworkerA.token });
      expect(search.status, search.text).toBe(400);
    });

    it('answers 422 for an unknown worker or employer id (the body is wrong, not the URL)', async () => {
      const body = await complaintBody(api, caseworkerA);
      const unknownWorker = await api.post(
        COMPLAINTS,
        { ...body, workerIds: [randomUUID()] },
        { token: caseworkerA.token },
      );
      expect(unknownWorker.status).toBe(422);
      expect(unknownWorker.body.errors).toEqual([{ field: 'workerIds.0', message: 'Unknown worker' }]);

      const unknownEmployer = await api.post(
        COMPLAINTS,
        { ...body, employerId: randomUUID() },
        { token: caseworkerA.token },
      );
      expect(unknownEmployer.status).toBe(422);
      expect(unknownEmployer.body.errors).toEqual([{ field: 'employerId', message: 'Unknown employer' }]);

      const unknownAgency = await api.post(
        COMPLAINTS,
        { ...body, intermediaryEmployerIds: [randomUUID()] },
        { token: caseworkerA.token },
      );
      expect(unknownAgency.status).toBe(422);
      expect(unknownAgency.body.errors[0].field).toBe('intermediaryEmployerIds.0');
    });

    it('refuses an erased worker', async () => {
      const erased = await insertWorker(ds, { createdBy: caseworkerA.id, erasedAt: new Date() });
      const body = await complaintBody(api, caseworkerA, { workerIds: [erased.id] });
      const res = await api.post(COMPLAINTS, body, { token: caseworkerA.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'workerIds.0', message: 'This worker was erased' }]);
    });

    it("does not let a caseworker attach another caseworker's worker, and answers as for an unknown id", async () => {
      const othersWorker = await insertWorker(ds, { createdBy: caseworkerB.id });
      const body = await complaintBody(api, caseworkerA, { workerIds: [othersWorker.id] });
      const res = await api.post(COMPLAINTS, body, { token: caseworkerA.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'workerIds.0', message: 'Unknown worker' }]);

      // A coordinator may attach anyone.
      const asCoordinator = await api.post(COMPLAINTS, body, { token: coordinator.token });
      expect(asCoordinator.status).toBe(201);
    });

    it('lets a caseworker attach a worker who is on a complaint assigned to them', async () => {
      const complaint = await createComplaint(api, caseworkerB);
      const assign = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: caseworkerA.id },
        {
          token: coordinator.token,
        },
      );
      expect(assign.status).toBe(200);
      const body = await complaintBody(api, caseworkerA, { workerIds: complaint.workerIds });
      const res = await api.post(COMPLAINTS, body, { token: caseworkerA.token });
      expect(res.status).toBe(201);
    });

    it('answers 401 without a token and 403 for an analyst', async () => {
      const body = await complaintBody(api, caseworkerA);
      expect((await api.post(COMPLAINTS, body)).status).toBe(401);
      expect((await api.post(COMPLAINTS, body, { token: 'mcs_not-a-token' })).status).toBe(401);
      expect((await api.post(COMPLAINTS, body, { token: analyst.token })).status).toBe(403);
    });
  });

  describe('GET /complaints/:id', () => {
    it('returns a complaint in scope and 404 out of scope or unknown', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const own = await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerA.token });
      expect(own.status).toBe(200);
      expect(own.body).toEqual(complaint);

      const other = await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerB.token });
      const unknown = await api.get(`${COMPLAINTS}/${randomUUID()}`, { token: caseworkerB.token });
      expect(other.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(other.body.detail).toBe(unknown.body.detail);

      expect((await api.get(`${COMPLAINTS}/${complaint.id}`, { token: coordinator.token })).status).toBe(200);
      expect((await api.get(`${COMPLAINTS}/not-a-uuid`, { token: coordinator.token })).status).toBe(400);
    });
  });

  describe('GET /complaints', () => {
    it('shows a caseworker only complaints created by or assigned to them', async () => {
      const mine = await createComplaint(api, caseworkerB);
      const theirs = await createComplaint(api, caseworkerA);
      const list = await api.get(`${COMPLAINTS}?limit=200`, { token: caseworkerB.token });
      expect(list.status).toBe(200);
      const ids = (list.body.items as Array<{ id: string }>).map((c) => c.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(theirs.id);
      for (const item of list.body.items as Array<{ createdBy: string; assigneeId: string | null }>) {
        expect([item.createdBy, item.assigneeId]).toContain(caseworkerB.id);
      }
    });

    it('pages newest first with a cursor', async () => {
      const owner = await api.userWithRole('caseworker');
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await createComplaint(api, owner)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const page = await api.get(`${COMPLAINTS}${query}`, { token: owner.token });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...(page.body.items as Array<{ id: string }>).map((c) => c.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...created].reverse());

      expect((await api.get(`${COMPLAINTS}?cursor=nonsense`, { token: owner.token })).status).toBe(400);
      expect((await api.get(`${COMPLAINTS}?limit=201`, { token: owner.token })).status).toBe(400);
    });

    it('filters by status, category, employer, assignee, country and reference', async () => {
      const owner = await api.userWithRole('caseworker');
      const employer = await insertEmployer(ds);
      const a = await createComplaint(api, owner, { categories: ['unlawful_dismissal'], employerId: employer.id });
      const b = await createComplaint(api, owner, {
        categories: ['unpaid_wages', 'document_retention'],
        countryOfWork: 'PL',
        region: 'PL-MZ',
      });
      const c = await createComplaint(api, owner);
      const triage = await api.post(`${COMPLAINTS}/${c.id}/transitions`, { to: 'triage' }, { token: owner.token });
      expect(triage.status).toBe(200);

      const ids = async (query: string, token = owner.token) => {
        const res = await api.get(`${COMPLAINTS}?${query}`, { token });
        expect(res.status).toBe(200);
        return (res.body.items as Array<{ id: string }>).map((x) => x.id).sort();
      };
      expect(await ids('status=triage')).toEqual([c.id]);
      expect(await ids('status=new')).toEqual([a.id, b.id].sort());
      expect(await ids('category=document_retention')).toEqual([b.id]);
      expect(await ids('category=unpaid_wages')).toEqual([b.id, c.id].sort());
      expect(await ids(`employerId=${employer.id}`)).toEqual([a.id]);
      expect(await ids('country=PL')).toEqual([b.id]);
      expect(await ids(`q=${a.reference}`)).toEqual([a.id]);
      expect(await ids(`q=${a.reference.toLowerCase()}`)).toEqual([a.id]);
      expect(await ids('q=Wages')).toEqual([]); // free text is encrypted, not searchable
      expect(await ids('q=MC-%25')).toEqual([]); // a LIKE wildcard matches literally
      // A reference prefix (`MC-<year>-`): all three share it, unless created across a New Year's midnight.
      const prefix = a.reference.replace(/^(MC-\d{4}-).*$/, '$1');
      const sameYear = [a, b, c].filter((x) => x.reference.startsWith(prefix)).map((x) => x.id);
      expect(sameYear).toContain(a.id);
      expect(await ids(`q=${prefix}`)).toEqual(sameYear.sort());

      const assign = await api.post(
        `${COMPLAINTS}/${b.id}/assign`,
        { userId: caseworkerB.id },
        {
          token: coordinator.token,
        },
      );
      expect(assign.status).toBe(200);
      expect(await ids(`assigneeId=${caseworkerB.id}&employerId=${b.employerId}`, coordinator.token)).toEqual([b.id]);

      for (const bad of ['status=pending', 'category=bad', 'employerId=x', 'country=pl', 'overdue=maybe']) {
        expect((await api.get(`${COMPLAINTS}?${bad}`, { token: owner.token })).status).toBe(400);
      }
    });
  });

  describe('PATCH /complaints/:id', () => {
    it('changes the given fields, bumps the version and records the field names', async () => {
      const complaint = await createComplaint(api, caseworkerA, { facts: 'old facts' });
      const res = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        {
          summary: 'Wages for March and April were not paid',
          facts: null,
          categories: ['unpaid_wages', 'unpaid_overtime'],
          keyDates: { wageDue: '2026-04-30' },
          amountClaimed: { amount: '2500.00', currency: 'EUR' },
          priority: 'urgent',
          city: null,
        },
        { token: caseworkerA.token, headers: { 'if-match': `"${complaint.version}"` } },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        summary: 'Wages for March and April were not paid',
        facts: null,
        categories: ['unpaid_wages', 'unpaid_overtime'],
        keyDates: { wageDue: '2026-04-30', dismissalNoticeReceived: null },
        amountClaimed: { amount: '2500.00', currency: 'EUR' },
        priority: 'urgent',
        city: null,
        version: 2,
      });
      const timeline = await api.get(`${COMPLAINTS}/${complaint.id}/timeline`, { token: caseworkerA.token });
      const updated = (timeline.body.items as Array<{ type: string; data: { fields: string[] } }>).find(
        (e) => e.type === 'complaint.updated',
      );
      expect(updated?.data.fields.sort()).toEqual(
        ['amountClaimed', 'categories', 'city', 'facts', 'keyDates.wageDue', 'priority', 'summary'].sort(),
      );
    });

    it('does not bump the version when nothing changes', async () => {
      const complaint = await createComplaint(api, caseworkerA, { amountClaimed: { amount: '12', currency: 'EUR' } });
      const res = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { summary: complaint.summary, amountClaimed: { amount: '12.00', currency: 'EUR' } },
        { token: caseworkerA.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
    });

    it('answers 409 to the second of two updates made from the same version, keeping the first', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const headers = { 'if-match': `"${complaint.version}"` };
      const first = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { priority: 'urgent' },
        { token: caseworkerA.token, headers },
      );
      const second = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { priority: 'low' },
        { token: caseworkerA.token, headers },
      );
      expect(first.status).toBe(200);
      expect(second.status).toBe(409);
      expect(second.body.currentVersion).toBe(2);
      const now = await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerA.token });
      expect(now.body).toMatchObject({ priority: 'urgent', version: 2 });

      const byBody = await api.patch(
        `${COMPLAINTS}/${complaint.id}`,
        { priority: 'low', version: 1 },
        { token: caseworkerA.token },
      );
      expect(byBody.status).toBe(409);
    });

    it('checks rules across fields against the stored complaint', async () => {
      const complaint = await createComplaint(api, caseworkerA, { employmentStart: '2026-02-01' });
      const path = `${COMPLAINTS}/${complaint.id}`;
      const before = await api.patch(path, { employmentEnd: '2026-01-31' }, { token: caseworkerA.token });
      expect(before.status).toBe(400);
      expect(before.body.errors).toEqual([expect.objectContaining({ field: 'employmentEnd' })]);
      const country = await api.patch(path, { countryOfWork: 'FR' }, { token: caseworkerA.token });
      expect(country.status).toBe(400);
      expect(country.body.errors).toEqual([expect.objectContaining({ field: 'region' })]);
      const both = await api.patch(path, { countryOfWork: 'FR', region: 'FR-75C' }, { token: caseworkerA.token });
      expect(both.status).toBe(200);
      expect(both.body).toMatchObject({ countryOfWork: 'FR', region: 'FR-75C' });
      for (const body of [
        { summary: null },
        { categories: [] },
        { workerIds: [] },
        { status: 'closed' },
        { priority: null },
      ]) {
        expect((await api.patch(path, body, { token: caseworkerA.token })).status).toBe(400);
      }
    });
  });

  it('keeps summary, facts and notes out of the database in plaintext, and out of timeline and audit', async () => {
    const summary = `Canary summary ${randomUUID()}`;
    const facts = `Canary facts ${randomUUID()}`;
    const noteBody = `Canary note ${randomUUID()}`;
    const complaint = await createComplaint(api, caseworkerA, { summary, facts });
    const note = await api.post(
      `${COMPLAINTS}/${complaint.id}/notes`,
      { body: noteBody },
      { token: caseworkerA.token },
    );
    expect(note.status).toBe(201);
    const reject = await api.post(
      `${COMPLAINTS}/${complaint.id}/transitions`,
      { to: 'rejected', reason: `Canary reason ${summary}` },
      { token: caseworkerA.token },
    );
    expect(reject.status).toBe(200);

    const rows = (await ds.query(
      `SELECT (SELECT row_to_json(c)::text FROM complaints c WHERE c.id = $1::uuid) AS complaint,
              (SELECT string_agg(row_to_json(n)::text, '') FROM complaint_notes n WHERE n.complaint_id = $1) AS notes,
              (SELECT string_agg(row_to_json(t)::text, '') FROM timeline_events t WHERE t.complaint_id = $1) AS timeline,
              (SELECT string_agg(row_to_json(a)::text, '') FROM audit_events a WHERE a.entity_id = $1::uuid::text) AS audit`,
      [complaint.id],
    )) as Array<Record<string, string>>;
    const dump = Object.values(rows[0]!).join('\n');
    expect(rows[0]!.complaint).toContain('"summary_enc":"v1.');
    expect(rows[0]!.notes).toContain('"body_enc":"v1.');
    for (const secret of [summary, facts, noteBody, 'Canary']) expect(dump).not.toContain(secret);
  });
});
