import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@mc/database';
import { insertEmployer, insertWorker } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { WorkersService } from '@mc/migrants';

const BASE = '/api/v1/workers';

interface User {
  id: string;
  token: string;
}

interface Worker {
  id: string;
  erased: boolean;
  fullName: string;
  fullNameLatin: string | null;
  preferredLanguage: string;
  nationality: string | null;
  phone: string | null;
  email: string | null;
  telegram: string | null;
  countryOfWork: string;
  city: string | null;
  residenceStatus: string;
  consent: {
    dataProcessing: boolean;
    partnerSharing: string;
    contactChannels: string[];
    version: string;
    givenAt: string;
  };
  createdAt: string;
  updatedAt: string;
  version: number;
  possibleDuplicates?: { id: string; matchedOn: string[] }[];
  duplicateWarning?: string | null;
}

/** Unique per call: the database is shared with the other test files of the run. */
function uniquePhone(): string {
  return `+49151${randomInt(10_000_000, 99_999_999)}`;
}

function uniqueHandle(): string {
  return `@mc_${randomInt(1_000_000, 9_999_999)}`;
}

function uniqueEmail(): string {
  return `w${randomInt(1_000_000, 9_999_999)}@example.org`;
}

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fullName: 'Тарас Шевченко',
    fullNameLatin: 'Taras Shevchenko',
    preferredLanguage: 'uk',
    nationality: 'UA',
    phone: uniquePhone(),
    email: uniqueEmail(),
    telegram: uniqueHandle(),
    countryOfWork: 'DE',
    city: 'Düsseldorf',
    residenceStatus: 'temporary_protection',
    consent: { dataProcessing: true, partnerSharing: 'anonymised', contactChannels: ['telegram', 'phone'] },
    ...overrides,
  };
}

describe('workers', () => {
  let api: TestApi;
  let db: DataSource;
  let admin: User;
  let coordinator: User;
  let caseworkerA: User;
  let caseworkerB: User;
  let analyst: User;
  let referenceSeq = randomInt(90_000, 98_000);

  async function create(token: string, overrides: Record<string, unknown> = {}): Promise<Worker> {
    const res = await api.post(BASE, body(overrides), { token });
    expect(res.status, res.text).toBe(201);
    return res.body as Worker;
  }

  async function list(token: string, query: Record<string, string> = {}) {
    const res = await api.get(`${BASE}?${new URLSearchParams(query).toString()}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body as { items: Worker[]; nextCursor: string | null };
  }

  /** A complaint row written directly: the complaints API is not this suite's subject. */
  async function insertComplaint(values: { assigneeId?: string | null; createdBy?: string | null }): Promise<string> {
    const employer = await insertEmployer(db);
    const id = newId();
    referenceSeq += 1;
    // The year the app would give it today (a fixture must not go stale on 1 January).
    const year = new Date().getUTCFullYear();
    await db.query(
      `INSERT INTO complaints (id, reference, reference_year, reference_seq, status, categories, summary_enc,
         data_key_wrapped, data_key_master_id, employer_id, country_of_work, workers_affected, assignee_id, created_by)
       VALUES ($1, $2, $7, $3, 'open', ARRAY['unpaid_wages'], 'v1.x.y.z', '\\x00'::bytea, 'test', $4, 'DE', 1, $5, $6)`,
      [
        id,
        `MC-${year}-${referenceSeq}`,
        referenceSeq,
        employer.id,
        values.assigneeId ?? null,
        values.createdBy ?? null,
        year,
      ],
    );
    return id;
  }

  async function linkWorker(complaintId: string, workerId: string): Promise<void> {
    await db.query(`INSERT INTO complaint_workers (complaint_id, worker_id) VALUES ($1, $2)`, [complaintId, workerId]);
  }

  async function auditOf(workerId: string) {
    const res = await api.get(`/api/v1/audit?entityType=worker&entityId=${workerId}&limit=200`, {
      token: admin.token,
    });
    expect(res.status, res.text).toBe(200);
    return res.body.items as { action: string; actorId: string; details: Record<string, unknown> }[];
  }

  beforeAll(async () => {
    api = await createTestApi();
    db = api.app.get(DataSource);
    [admin, coordinator, caseworkerA, caseworkerB, analyst] = await Promise.all([
      api.userWithRole('admin'),
      api.userWithRole('coordinator'),
      api.userWithRole('caseworker'),
      api.userWithRole('caseworker'),
      api.userWithRole('analyst'),
    ]);
  });
  afterAll(() => api.close());

  describe('create', () => {
    it('records a worker and returns every field with the consent record', async () => {
      const sent = body({ phone: `+49 151 ${randomInt(10_000_000, 99_999_999)}` });
      const res = await api.post(BASE, sent, { token: caseworkerA.token });
      expect(res.status, res.text).toBe(201);
      const worker = res.body as Worker;
      expect(worker).toMatchObject({
        erased: false,
        fullName: 'Тарас Шевченко',
        fullNameLatin: 'Taras Shevchenko',
        preferredLanguage: 'uk',
        nationality: 'UA',
        phone: (sent.phone as string).replace(/\s/g, ''),
        email: sent.email,
        telegram: sent.telegram,
        countryOfWork: 'DE',
        city: 'Düsseldorf',
        residenceStatus: 'temporary_protection',
        version: 1,
        possibleDuplicates: [],
        duplicateWarning: null,
      });
      expect(worker.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      expect(worker.consent).toMatchObject({
        dataProcessing: true,
        partnerSharing: 'anonymised',
        contactChannels: ['telegram', 'phone'],
        version: '2026-11',
      });
      expect(Date.parse(worker.consent.givenAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(worker.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('defaults partner sharing to none and contact channels to none', async () => {
      const worker = await create(caseworkerA.token, {
        phone: undefined,
        email: undefined,
        telegram: undefined,
        nationality: undefined,
        fullNameLatin: undefined,
        city: undefined,
        consent: { dataProcessing: true },
      });
      expect(worker).toMatchObject({ phone: null, email: null, telegram: null, nationality: null, city: null });
      expect(worker.consent).toMatchObject({ partnerSharing: 'none', contactChannels: [] });
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ['missing fullName', { fullName: undefined }, 'fullName'],
      ['blank fullName', { fullName: '   ' }, 'fullName'],
      ['fullName over 200 characters', { fullName: 'a'.repeat(201) }, 'fullName'],
      ['a phone that is not E.164', { phone: '0151 2345678' }, 'phone'],
      ['a phone with letters', { phone: '+49 151 CALL ME' }, 'phone'],
      ['a bad email', { email: 'taras at example.org' }, 'email'],
      ['a Telegram handle without @', { telegram: 'taras_sh' }, 'telegram'],
      ['a too short Telegram handle', { telegram: '@tar' }, 'telegram'],
      ['a lower-case country of work', { countryOfWork: 'de' }, 'countryOfWork'],
      ['an unknown country of work', { countryOfWork: 'XX' }, 'countryOfWork'],
      ['a nationality spelled out', { nationality: 'Ukraine' }, 'nationality'],
      ['a language that is not BCP 47', { preferredLanguage: 'Ukrainian' }, 'preferredLanguage'],
      ['an unknown residence status', { residenceStatus: 'tourist' }, 'residenceStatus'],
      ['missing residence status', { residenceStatus: undefined }, 'residenceStatus'],
      ['consent to data processing refused', { consent: { dataProcessing: false } }, 'consent.dataProcessing'],
      ['consent to data processing as a string', { consent: { dataProcessing: 'true' } }, 'consent.dataProcessing'],
      ['consent to data processing missing', { consent: { partnerSharing: 'none' } }, 'consent.dataProcessing'],
      ['no consent at all', { consent: undefined }, 'consent'],
      [
        'an unknown sharing level',
        { consent: { dataProcessing: true, partnerSharing: 'public' } },
        'consent.partnerSharing',
      ],
      [
        'an unknown contact channel',
        { consent: { dataProcessing: true, contactChannels: ['fax'] } },
        'consent.contactChannels',
      ],
      ['an unknown field', { passportNumber: 'AB123456' }, 'passportNumber'],
      ['an unknown field in consent', { consent: { dataProcessing: true, marketing: true } }, 'consent.marketing'],
      ['a city over 100 characters', { city: 'x'.repeat(101) }, 'city'],
    ];
    it.each(invalid)('refuses %s with 400 naming the field', async (_case, overrides, field) => {
      const res = await api.post(BASE, body(overrides), { token: caseworkerA.token });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toContain(field);
      // The rejected value is never echoed: it may be a name or a phone number.
      expect(res.text).not.toContain('AB123456');
    });

    it('explains that consent to data processing is required', async () => {
      const res = await api.post(BASE, body({ consent: { dataProcessing: false } }), { token: caseworkerA.token });
      expect(res.status).toBe(400);
      const error = (res.body.errors as { field: string; message: string }[]).find(
        (e) => e.field === 'consent.dataProcessing',
      );
      expect(error?.message).toMatch(/must be true/);
    });

    it('refuses a contact channel without the matching contact with 422', async () => {
      const res = await api.post(
        BASE,
        body({ email: undefined, consent: { dataProcessing: true, contactChannels: ['email'] } }),
        { token: caseworkerA.token },
      );
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'consent.contactChannels', message: expect.stringMatching(/email/) }]);
    });

    it('replays a create repeated with the same Idempotency-Key instead of recording the person twice', async () => {
      const sent = body();
      const headers = { 'idempotency-key': newId() };
      const first = await api.post(BASE, sent, { token: caseworkerA.token, headers });
      const second = await api.post(BASE, sent, { token: caseworkerA.token, headers });
      expect(first.status, first.text).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const rows = await db.query(`SELECT count(*)::int AS n FROM migrant_workers WHERE created_by = $1 AND id = $2`, [
        caseworkerA.id,
        first.body.id,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('access', () => {
    it('answers 401 without a token on every route', async () => {
      const id = newId();
      for (const [method, path] of [
        ['POST', BASE],
        ['GET', BASE],
        ['GET', `${BASE}/${id}`],
        ['PATCH', `${BASE}/${id}`],
      ] as const) {
        const res = await api.request(method, path, { body: method === 'GET' ? undefined : body() });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    });

    it('answers 403 to an analyst on every route', async () => {
      const worker = await create(coordinator.token);
      const token = analyst.token;
      expect((await api.post(BASE, body(), { token })).status).toBe(403);
      expect((await api.get(BASE, { token })).status).toBe(403);
      expect((await api.get(`${BASE}/${worker.id}`, { token })).status).toBe(403);
      expect((await api.patch(`${BASE}/${worker.id}`, { city: 'Köln' }, { token })).status).toBe(403);
    });

    it('answers 404 to another caseworker for a worker they neither created nor work on, like a missing id', async () => {
      const worker = await create(caseworkerA.token);
      const get = await api.get(`${BASE}/${worker.id}`, { token: caseworkerB.token });
      const patch = await api.patch(`${BASE}/${worker.id}`, { city: 'Köln' }, { token: caseworkerB.token });
      const missing = await api.get(`${BASE}/${newId()}`, { token: caseworkerB.token });
      expect(get.status).toBe(404);
      expect(patch.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(get.body.detail).toBe(missing.body.detail);
      // Nothing changed through the refused PATCH.
      const own = await api.get(`${BASE}/${worker.id}`, { token: caseworkerA.token });
      expect(own.body).toMatchObject({ city: 'Düsseldorf', version: 1 });
      expect((await list(caseworkerB.token)).items.map((w) => w.id)).not.toContain(worker.id);
    });

    it('lets coordinators and admins read any worker', async () => {
      const worker = await create(caseworkerA.token);
      for (const user of [coordinator, admin]) {
        const res = await api.get(`${BASE}/${worker.id}`, { token: user.token });
        expect(res.status, res.text).toBe(200);
        expect(res.body.fullName).toBe('Тарас Шевченко');
      }
    });

    it('shows a worker to the caseworker a complaint about them is assigned to', async () => {
      const worker = await create(caseworkerA.token);
      expect((await api.get(`${BASE}/${worker.id}`, { token: caseworkerB.token })).status).toBe(404);
      await linkWorker(await insertComplaint({ assigneeId: caseworkerB.id, createdBy: caseworkerA.id }), worker.id);
      const res = await api.get(`${BASE}/${worker.id}`, { token: caseworkerB.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(worker.id);
      expect((await list(caseworkerB.token)).items.map((w) => w.id)).toContain(worker.id);
      const patch = await api.patch(`${BASE}/${worker.id}`, { city: 'Köln' }, { token: caseworkerB.token });
      expect(patch.status, patch.text).toBe(200);
    });

    it('shows a worker to the caseworker who created a complaint about them', async () => {
      const worker = await create(caseworkerA.token);
      await linkWorker(await insertComplaint({ assigneeId: null, createdBy: caseworkerB.id }), worker.id);
      expect((await api.get(`${BASE}/${worker.id}`, { token: caseworkerB.token })).status).toBe(200);
    });

    it('answers 400 for an id that is not a UUID', async () => {
      expect((await api.get(`${BASE}/not-a-uuid`, { token: caseworkerA.token })).status).toBe(400);
    });
  });

  describe('update', () => {
    it('changes fields, bumps the version and clears optional fields with null', async () => {
      const worker = await create(caseworkerA.token);
      const res = await api.patch(
        `${BASE}/${worker.id}`,
        {
          fullName: 'Тарас Григорович Шевченко',
          email: null,
          residenceStatus: 'work_permit',
          city: 'Köln',
          consent: { partnerSharing: 'full' },
        },
        { token: caseworkerA.token },
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        fullName: 'Тарас Григорович Шевченко',
        email: null,
        residenceStatus: 'work_permit',
        city: 'Köln',
        phone: worker.phone,
        version: 2,
        possibleDuplicates: [],
      });
      expect(res.body.consent.partnerSharing).toBe('full');
      const again = await api.get(`${BASE}/${worker.id}`, { token: caseworkerA.token });
      expect(again.body).toMatchObject({ fullName: 'Тарас Григорович Шевченко', email: null, version: 2 });
    });

    it('refuses a stale version with 409 and accepts the current one via If-Match', async () => {
      const worker = await create(caseworkerA.token);
      const first = await api.patch(`${BASE}/${worker.id}`, { city: 'Köln', version: 1 }, { token: caseworkerA.token });
      expect(first.status, first.text).toBe(200);
      expect(first.body.version).toBe(2);

      const stale = await api.patch(`${BASE}/${worker.id}`, { city: 'Bonn', version: 1 }, { token: caseworkerA.token });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);
      const staleHeader = await api.patch(
        `${BASE}/${worker.id}`,
        { city: 'Bonn' },
        { token: caseworkerA.token, headers: { 'if-match': '"1"' } },
      );
      expect(staleHeader.status).toBe(409);

      const ok = await api.patch(
        `${BASE}/${worker.id}`,
        { city: 'Bonn' },
        { token: caseworkerA.token, headers: { 'if-match': '"2"' } },
      );
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ city: 'Bonn', version: 3 });
    });

    it('refuses to clear a contact that is a chosen contact channel', async () => {
      const worker = await create(caseworkerA.token);
      const res = await api.patch(`${BASE}/${worker.id}`, { telegram: null }, { token: caseworkerA.token });
      expect(res.status, res.text).toBe(422);
    });

    it('refuses null for a required field', async () => {
      const worker = await create(caseworkerA.token);
      const res = await api.patch(`${BASE}/${worker.id}`, { fullName: null }, { token: caseworkerA.token });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('fullName');
    });

    it('reads an erased worker as its id only and refuses to change it', async () => {
      const erased = await insertWorker(db, { createdBy: caseworkerA.id, erasedAt: new Date() });
      const res = await api.get(`${BASE}/${erased.id}`, { token: caseworkerA.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ id: erased.id, erased: true });
      const patch = await api.patch(`${BASE}/${erased.id}`, { city: 'Köln' }, { token: caseworkerA.token });
      expect(patch.status).toBe(409);
    });
  });

  describe('duplicates', () => {
    it('warns about a worker with the same phone written differently, by id only', async () => {
      const digits = String(randomInt(1_000_000, 9_999_999));
      const first = await create(caseworkerA.token, { phone: `+49 151 ${digits}` });
      const second = await create(caseworkerA.token, { phone: `+49151${digits}` });
      expect(second.possibleDuplicates).toContainEqual({ id: first.id, matchedOn: ['phone'] });
      expect(second.duplicateWarning).toBeNull();
      // ids only: nothing about the other person.
      for (const duplicate of second.possibleDuplicates!)
        expect(Object.keys(duplicate).sort()).toEqual(['id', 'matchedOn']);
    });

    it("tells a caseworker to ask a coordinator about another caseworker's person, without the id", async () => {
      const phone = uniquePhone();
      const first = await create(caseworkerA.token, { phone });
      const second = await create(caseworkerB.token, { phone });
      expect(second.possibleDuplicates).toEqual([]);
      expect(second.duplicateWarning).toMatch(/Ask a coordinator/);
      expect(JSON.stringify(second)).not.toContain(first.id);
      // The same on update.
      const third = await create(caseworkerB.token);
      const patched = await api.patch(`${BASE}/${third.id}`, { phone }, { token: caseworkerB.token });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.duplicateWarning).toMatch(/Ask a coordinator/);
      expect(patched.text).not.toContain(first.id);
      // A coordinator, who may open every worker, gets the ids.
      const fourth = await create(coordinator.token, { phone });
      expect(fourth.duplicateWarning).toBeNull();
      expect(fourth.possibleDuplicates!.map((d) => d.id)).toEqual(expect.arrayContaining([first.id, second.id]));
      // The audit log keeps every id, whoever asked.
      const audit = await api.get(`/api/v1/audit?entityId=${second.id}`, { token: admin.token });
      const created = audit.body.items.find((e: { action: string }) => e.action === 'worker.create');
      expect(created.details.possibleDuplicates).toContain(first.id);
    });

    it('matches an email in another case and a handle in another case', async () => {
      const email = uniqueEmail();
      const handle = uniqueHandle();
      const first = await create(caseworkerA.token, { email, telegram: handle });
      const second = await create(caseworkerA.token, { email: email.toUpperCase(), telegram: handle.toUpperCase() });
      expect(second.possibleDuplicates).toContainEqual({ id: first.id, matchedOn: ['email', 'telegram'] });
    });

    it('warns on update when a changed phone matches another worker', async () => {
      const first = await create(caseworkerA.token);
      const second = await create(caseworkerA.token);
      const res = await api.patch(`${BASE}/${second.id}`, { phone: first.phone }, { token: caseworkerA.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.possibleDuplicates).toContainEqual({ id: first.id, matchedOn: ['phone'] });
    });

    it('ignores erased workers', async () => {
      const first = await create(caseworkerA.token);
      await db.query(
        `UPDATE migrant_workers SET erased_at = now(), data_key_wrapped = NULL, data_key_master_id = NULL WHERE id = $1`,
        [first.id],
      );
      const second = await create(caseworkerA.token, { phone: first.phone });
      expect(second.possibleDuplicates!.map((d) => d.id)).not.toContain(first.id);
    });
  });

  describe('list and search', () => {
    let searcher: User;
    let cyrillic: Worker;
    let latinOnly: Worker;
    let other: Worker;

    beforeAll(async () => {
      // A caseworker of their own, so the expected results are exact.
      searcher = await api.userWithRole('caseworker');
      cyrillic = await create(searcher.token, { fullName: 'Олександра Кравчук', fullNameLatin: undefined });
      latinOnly = await create(searcher.token, { fullName: 'Юрій Коваленко', fullNameLatin: 'Yurii Kovalenko' });
      other = await create(searcher.token, { fullName: 'Jürgen Müller', fullNameLatin: undefined });
    });

    it('lists the workers in scope newest first, with a cursor', async () => {
      const page1 = await list(searcher.token, { limit: '2' });
      expect(page1.items.map((w) => w.id)).toEqual([other.id, latinOnly.id]);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = await list(searcher.token, { limit: '2', cursor: page1.nextCursor! });
      expect(page2.items.map((w) => w.id)).toEqual([cyrillic.id]);
      expect(page2.nextCursor).toBeNull();
      expect(page2.items[0]).toMatchObject({ fullName: 'Олександра Кравчук', phone: cyrillic.phone });
    });

    it('refuses a cursor it did not issue', async () => {
      const res = await api.get(`${BASE}?cursor=bogus`, { token: searcher.token });
      expect(res.status).toBe(400);
    });

    it('finds a Cyrillic name by a Cyrillic query in another case', async () => {
      expect((await list(searcher.token, { q: 'кравчук' })).items.map((w) => w.id)).toEqual([cyrillic.id]);
    });

    it('finds a Cyrillic name by its Latin transliteration, and a name without its diacritics in any word order', async () => {
      expect((await list(searcher.token, { q: 'Kravchuk' })).items.map((w) => w.id)).toEqual([cyrillic.id]);
      expect((await list(searcher.token, { q: 'muller jurgen' })).items.map((w) => w.id)).toEqual([other.id]);
    });

    it('finds a worker through fullNameLatin', async () => {
      expect((await list(searcher.token, { q: 'Yurii' })).items.map((w) => w.id)).toEqual([latinOnly.id]);
    });

    it('finds a worker by phone in another spelling, by email and by handle, exactly', async () => {
      const phone = cyrillic.phone!;
      const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
      expect((await list(searcher.token, { q: spaced })).items.map((w) => w.id)).toEqual([cyrillic.id]);
      expect((await list(searcher.token, { q: other.email!.toUpperCase() })).items.map((w) => w.id)).toEqual([
        other.id,
      ]);
      expect((await list(searcher.token, { q: latinOnly.telegram! })).items.map((w) => w.id)).toEqual([latinOnly.id]);
      expect((await list(searcher.token, { q: phone.slice(0, 9) })).items).toEqual([]);
    });

    it('does not find workers outside the caseworker scope', async () => {
      expect((await list(caseworkerB.token, { q: cyrillic.phone! })).items).toEqual([]);
      expect((await list(caseworkerB.token, { q: 'Кравчук' })).items.map((w) => w.id)).not.toContain(cyrillic.id);
      expect((await list(coordinator.token, { q: cyrillic.phone! })).items.map((w) => w.id)).toEqual([cyrillic.id]);
    });

    it('audits each list with the ids it returned and never the query', async () => {
      await list(searcher.token, { q: 'Kravchuk' });
      const res = await api.get(`/api/v1/audit?actorId=${searcher.id}&limit=1`, { token: admin.token });
      const [event] = res.body.items;
      expect(event).toMatchObject({ action: 'worker.list', entityType: 'worker' });
      expect(event.details).toEqual({ search: 'name', ids: [cyrillic.id] });
      expect(JSON.stringify(event)).not.toMatch(/kravchuk/i);
    });
  });

  describe('storage', () => {
    it('keeps no personal field in clear text in the row', async () => {
      const secrets = {
        fullName: 'Ганна Тестова-Шифрована',
        fullNameLatin: 'Hanna Testova-Shyfrovana',
        phone: uniquePhone(),
        email: uniqueEmail(),
        telegram: uniqueHandle(),
        nationality: 'UZ',
        residenceStatus: 'refugee_or_asylum',
      };
      const worker = await create(caseworkerA.token, secrets);
      const [row] = await db.query(`SELECT * FROM migrant_workers WHERE id = $1`, [worker.id]);
      const dump = JSON.stringify(row);
      for (const needle of [
        secrets.fullName,
        'Ганна',
        'Тестова',
        secrets.fullNameLatin,
        'Hanna',
        secrets.phone,
        secrets.phone.slice(1),
        secrets.email,
        secrets.email.split('@')[0]!,
        secrets.telegram,
        secrets.telegram.slice(1),
        secrets.residenceStatus,
        'refugee',
      ]) {
        expect(dump.toLowerCase(), needle).not.toContain(needle.toLowerCase());
      }
      // A two-letter code could appear by chance inside base64; no column holds it as its value.
      expect(dump).not.toContain('"UZ"');
      expect(row.full_name_enc).toMatch(/^v1\./);
      expect(row.residence_status_enc).toMatch(/^v1\./);
      expect(row.phone_bidx).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a ciphertext copied from another worker with a 500 integrity problem', async () => {
      const a = await create(caseworkerA.token, { fullName: 'Copy Source' });
      const b = await create(caseworkerA.token, { fullName: 'Copy Target' });
      await db.query(
        `UPDATE migrant_workers SET full_name_enc = (SELECT full_name_enc FROM migrant_workers WHERE id = $1) WHERE id = $2`,
        [a.id, b.id],
      );
      const res = await api.get(`${BASE}/${b.id}`, { token: caseworkerA.token });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/integrity check/);
      expect(res.text).not.toMatch(/Copy Source|Copy Target|master|key id/i);
      const patch = await api.patch(`${BASE}/${b.id}`, { city: 'Köln' }, { token: caseworkerA.token });
      expect(patch.status).toBe(500);

      const source = await api.get(`${BASE}/${a.id}`, { token: caseworkerA.token });
      expect(source.status).toBe(200);
      expect(source.body.fullName).toBe('Copy Source');

      // A list skips a damaged row (here also one whose key cannot be unwrapped) instead of failing for every other worker.
      await insertWorker(db, { createdBy: caseworkerA.id });
      const page = await list(caseworkerA.token, { limit: '200' });
      expect(page.items.map((w) => w.id)).toContain(a.id);
      expect(page.items.map((w) => w.id)).not.toContain(b.id);
      expect((await list(coordinator.token, { q: 'Copy' })).items.map((w) => w.id)).toContain(a.id);
    });
  });

  describe('helpers for other areas', () => {
    it('tells which ids name live workers, within a scope or overall', async () => {
      const own = await create(caseworkerB.token);
      const foreign = await create(caseworkerA.token);
      const erased = await insertWorker(db, { createdBy: caseworkerB.id, erasedAt: new Date() });
      const unknown = newId();
      const service = api.app.get(WorkersService);
      const asB = { kind: 'user', userId: caseworkerB.id, role: 'caseworker', sessionId: newId() } as const;
      const ids = [own.id.toUpperCase(), foreign.id, erased.id, unknown, 'not-a-uuid'];
      expect(await service.findAccessibleIds(asB, ids)).toEqual([own.id]);
      expect((await service.findAccessibleIds({ kind: 'system' }, ids)).sort()).toEqual([own.id, foreign.id].sort());
    });

    it('reads residence statuses, counting erased workers as unknown', async () => {
      const worker = await create(caseworkerA.token, { residenceStatus: 'undocumented' });
      const erased = await insertWorker(db, { erasedAt: new Date() });
      const statuses = await api.app.get(WorkersService).residenceStatusOf([worker.id, erased.id, newId()]);
      expect(Object.fromEntries(statuses)).toEqual({ [worker.id]: 'undocumented', [erased.id]: 'unknown' });
    });
  });

  describe('audit', () => {
    it('records create, read and update with field names only', async () => {
      const worker = await create(caseworkerA.token);
      await api.get(`${BASE}/${worker.id}`, { token: coordinator.token });
      await api.patch(`${BASE}/${worker.id}`, { phone: uniquePhone(), city: 'Köln' }, { token: caseworkerA.token });
      const events = await auditOf(worker.id);
      const byAction = new Map(events.map((e) => [e.action, e]));
      expect(byAction.get('worker.create')).toMatchObject({ actorId: caseworkerA.id });
      expect(byAction.get('worker.create')!.details.fields).toEqual([
        'fullName',
        'fullNameLatin',
        'nationality',
        'phone',
        'email',
        'telegram',
        'residenceStatus',
      ]);
      expect(byAction.get('worker.read')).toMatchObject({ actorId: coordinator.id });
      expect(byAction.get('worker.update')).toMatchObject({ actorId: caseworkerA.id });
      expect(byAction.get('worker.update')!.details.fields).toEqual(['phone', 'city']);
      const dump = JSON.stringify(events);
      for (const secret of [
        'Тарас',
        'Shevchenko',
        worker.phone!,
        worker.email!,
        worker.telegram!,
        'temporary_protection',
      ]) {
        expect(dump).not.toContain(secret);
      }
    });
  });
});
