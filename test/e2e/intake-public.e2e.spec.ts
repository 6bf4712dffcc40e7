import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';

/*
 * The public intake and status routes over HTTP, as a migrant's phone (form posts) and a client
 * (JSON) reach them, against a database of this file alone so that "nothing stored" is exact.
 */
const INTAKE = '/api/v1/public/intake';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    language: 'ru',
    name: 'Иван Петров',
    contact: { phone: '+49 151 2345 6789' },
    countryOfWork: 'DE',
    city: 'Köln',
    employerName: 'Bau Ost GmbH',
    categories: ['unpaid_wages'],
    description: 'Зарплату за март не заплатили.',
    consent: { dataProcessing: true, partnerSharing: 'none' },
    ...overrides,
  };
}

function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  }
  return params.toString();
}

const validForm = (overrides: Record<string, string | string[]> = {}) => ({
  language: 'uk',
  name: 'Олена Коваль',
  'contact.phone': '',
  'contact.email': '',
  'contact.telegram': '@olena_koval',
  countryOfWork: 'PL',
  city: 'Wrocław',
  employerName: 'Agencja Pracy Sp. z o.o.',
  employerCity: '',
  categories: ['unpaid_wages', 'document_retention'],
  description: 'Забрали паспорт і не платять.',
  'amountOwed.amount': '',
  'amountOwed.currency': 'PLN',
  dismissalNoticeReceived: '',
  'consent.dataProcessing': 'true',
  'consent.partnerSharing': 'anonymised',
  website: '',
  ...overrides,
});

describe('public intake and status over HTTP', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_public');
  let api: TestApi;
  let db: DataSource;
  let coordinator: { id: string; token: string };

  const complaintCount = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM complaints`))[0].n) +
    Number((await db.query(`SELECT count(*) AS n FROM migrant_workers`))[0].n);

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({
      DATABASE_URL: databaseUrl,
      INTAKE_LIMIT_PER_IP: '1000',
      STATUS_LIMIT_PER_IP: '1000',
      STATUS_LIMIT_PER_REFERENCE: '1000',
    });
    db = api.app.get(DataSource);
    coordinator = await api.userWithRole('coordinator');
  });

  afterAll(async () => {
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  it('JSON: 201 with reference, token and a status URL that does not carry the token', async () => {
    const res = await api.post(INTAKE, validBody());
    expect(res.status, res.text).toBe(201);
    const { reference, statusToken, statusUrl } = res.body;
    expect(reference).toMatch(/^MC-\d{4}-\d{5}$/);
    expect(statusToken).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){6}$/);
    expect(statusUrl).toBe(`${api.config.publicBaseUrl}/status?lang=ru&reference=${reference}`);
    expect(statusUrl).not.toContain(statusToken);
    const [row] = await db.query(`SELECT source, status FROM complaints WHERE reference = $1`, [reference]);
    expect(row).toEqual({ source: 'public_intake', status: 'new' });
  });

  it('the honeypot filled: a 201 that looks the same, and nothing stored', async () => {
    const before = await complaintCount();
    const json = await api.post(INTAKE, validBody({ website: 'http://spam.example' }));
    expect(json.status).toBe(201);
    expect(Object.keys(json.body).sort()).toEqual(['reference', 'statusToken', 'statusUrl']);
    expect(json.body.reference).toMatch(/^MC-\d{4}-\d{5}$/);
    const form = await api.request('POST', INTAKE, {
      rawBody: formBody(validForm({ website: 'buy cheap' })),
      headers: FORM,
    });
    expect(form.status).toBe(201);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(await complaintCount()).toBe(before);
    const [found] = await db.query(`SELECT count(*)::int AS n FROM complaints WHERE reference = $1`, [
      json.body.reference,
    ]);
    expect(found.n).toBe(0);
  });

  it('validation: 400 problem with per-field messages in the chosen language; nothing stored', async () => {
    const before = await complaintCount();
    const res = await api.post(
      INTAKE,
      validBody({ description: 'д'.repeat(5001), contact: {}, categories: [], consent: { dataProcessing: false } }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['description', 'contact', 'categories', 'consent.dataProcessing']));
    const description = res.body.errors.find((e: { field: string }) => e.field === 'description');
    expect(description.message).toMatch(/5[\s\u00a0]?000/);
    expect(description.message).toMatch(/[а-яё]/i);
    const unknown = await api.post(INTAKE, validBody({ isAdmin: true }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
    expect(await complaintCount()).toBe(before);
  });

  it('form: a description over 5000 characters re-renders the form with the message next to it, values kept', async () => {
    const res = await api.request('POST', INTAKE, {
      rawBody: formBody(validForm({ description: 'ы'.repeat(5001) })),
      headers: FORM,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toMatch(/id="error-description"/);
    expect(res.text).toContain('Agencja Pracy Sp. z o.o.');
    expect(res.text).toContain('@olena_koval');
    expect(res.text).toMatch(/<html[^>]+lang="uk"/);
  });

  it('form: a valid post answers 201 with the confirmation page showing reference and token', async () => {
    const res = await api.request('POST', INTAKE, { rawBody: formBody(validForm()), headers: FORM });
    expect(res.status, res.text.slice(0, 500)).toBe(201);
    const reference = /id="reference"[^>]*>\s*(MC-\d{4}-\d{5})/.exec(res.text)?.[1];
    const token = /id="status-token"[^>]*>\s*([0-9A-Z-]{34})/.exec(res.text)?.[1];
    expect(reference).toBeDefined();
    expect(token).toBeDefined();
    const status = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': token! } });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference, status: 'new', messages: [] });
    expect(typeof status.body.statusLabel).toBe('string');
  });

  it('<script> in every text field comes back escaped', async () => {
    const evil = '<script>alert(1)</script>';
    const res = await api.request('POST', INTAKE, {
      rawBody: formBody(
        validForm({
          name: evil,
          'contact.phone': evil,
          'contact.email': evil,
          'contact.telegram': evil,
          city: evil,
          employerName: evil,
          employerCity: evil,
          description: evil,
          'amountOwed.amount': evil,
          dismissalNoticeReceived: evil,
          'consent.dataProcessing': '',
        }),
      ),
      headers: FORM,
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(evil);
    expect(res.text).not.toMatch(/<script>alert/);
    expect(res.text.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(6);

    // A reply from the status page is shown escaped too (JSON is data; the page must escape it).
    const filed = await api.post(INTAKE, validBody());
    const { reference, statusToken } = filed.body;
    const reply = await api.post(
      `/api/v1/public/status/${reference}/messages`,
      { message: evil },
      { headers: { 'x-status-token': statusToken } },
    );
    expect(reply.status, reply.text).toBe(201);
    const page = await api.request('POST', '/status', {
      rawBody: formBody({ reference, token: statusToken, language: 'ru' }),
      headers: FORM,
    });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(evil);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a payload that tries to leave an attribute stays inside it, in the form and in a caseworker note', async () => {
    const breakout = '"><svg onload=alert(1)>';
    const res = await api.request('POST', INTAKE, {
      rawBody: formBody(
        validForm({
          name: breakout,
          city: breakout,
          employerName: breakout,
          description: breakout,
          'consent.dataProcessing': '',
        }),
      ),
      headers: FORM,
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<svg');
    expect(res.text.split('&quot;&gt;&lt;svg onload=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(4);

    const { reference, statusToken } = (await api.post(INTAKE, validBody())).body;
    const list = await api.get(`/api/v1/complaints?q=${reference}`, { token: coordinator.token });
    const note = await api.post(
      `/api/v1/complaints/${list.body.items[0].id}/notes`,
      { body: `<img src=x onerror=alert(1)>${breakout}`, visibility: 'worker' },
      { token: coordinator.token },
    );
    expect(note.status).toBe(201);
    const page = await api.request('POST', '/status', {
      rawBody: formBody({ reference, token: statusToken, language: 'ru' }),
      headers: FORM,
    });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<img');
    expect(page.text).not.toContain('<svg');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  describe('status lookups', () => {
    let reference: string;
    let statusToken: string;

    beforeAll(async () => {
      ({ reference, statusToken } = (await api.post(INTAKE, validBody({ language: 'uk' }))).body);
    });

    it('shows the label in the intake language and the worker-visible notes only', async () => {
      const list = await api.get(`/api/v1/complaints?q=${reference}`, { token: coordinator.token });
      const id = list.body.items[0].id as string;
      await api.post(
        `/api/v1/complaints/${id}/notes`,
        { body: 'internal only', visibility: 'internal' },
        {
          token: coordinator.token,
        },
      );
      await api.post(
        `/api/v1/complaints/${id}/notes`,
        { body: 'Ми отримали вашу скаргу.', visibility: 'worker' },
        {
          token: coordinator.token,
        },
      );
      const res = await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': statusToken } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.body.statusLabel).toMatch(/[а-щьюяєіїґ]/i);
      expect(res.body.messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
        ['collective', 'Ми отримали вашу скаргу.'],
      ]);
    });

    it('a wrong token, no token and an unknown reference give the same 404, in about the same time', async () => {
      const wrong = statusToken.replace(/^./, (c) => (c === '7' ? '8' : '7'));
      const answers = [
        await api.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': wrong } }),
        await api.get(`/api/v1/public/status/MC-1999-99999`, { headers: { 'x-status-token': statusToken } }),
        await api.get(`/api/v1/public/status/${reference}`),
      ];
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(strip(answer.body)).toEqual(strip(answers[0]!.body));
      }
      // Timing: the medians of wrong-token and unknown-reference lookups are close (no oracle).
      const time = async (path: string, token: string) => {
        const samples: number[] = [];
        for (let i = 0; i < 15; i++) {
          const start = performance.now();
          await api.get(path, { headers: { 'x-status-token': token } });
          samples.push(performance.now() - start);
        }
        return samples.sort((a, b) => a - b)[7]!;
      };
      const wrongMedian = await time(`/api/v1/public/status/${reference}`, wrong);
      const unknownMedian = await time(`/api/v1/public/status/MC-1999-99998`, statusToken);
      expect(Math.abs(wrongMedian - unknownMedian)).toBeLessThan(Math.max(wrongMedian, unknownMedian) * 0.5 + 2);
    });

    it('a reply lands on the timeline and is refused when empty or too long', async () => {
      const empty = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: '  ' },
        { headers: { 'x-status-token': statusToken } },
      );
      expect(empty.status).toBe(400);
      const long = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: 'x'.repeat(5001) },
        { headers: { 'x-status-token': statusToken } },
      );
      expect(long.status).toBe(400);
      const wrong = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: 'hello' },
        { headers: { 'x-status-token': 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA' } },
      );
      expect(wrong.status).toBe(404);
      const ok = await api.post(
        `/api/v1/public/status/${reference}/messages`,
        { message: 'Дякую!' },
        { headers: { 'x-status-token': statusToken } },
      );
      expect(ok.status).toBe(201);
      expect(ok.body.messages.at(-1)).toMatchObject({ from: 'worker', body: 'Дякую!' });
      const list = await api.get(`/api/v1/complaints?q=${reference}`, { token: coordinator.token });
      const timeline = await api.get(`/api/v1/complaints/${list.body.items[0].id}/timeline`, {
        token: coordinator.token,
      });
      expect(timeline.body.items.at(-1)).toMatchObject({ type: 'note.added', actorType: 'public' });
    });
  });

  describe('rate limits', () => {
    let strict: TestApi;

    beforeAll(async () => {
      // Its own Redis prefix: the counters of this app only.
      strict = await createTestApi({
        DATABASE_URL: api.config.databaseUrl,
        INTAKE_LIMIT_PER_IP: '2',
        STATUS_LIMIT_PER_REFERENCE: '3',
        STATUS_LIMIT_PER_IP: '100',
      });
    });

    afterAll(async () => {
      await strict?.close();
    });

    it('intake: the third post from one address within the window is 429 with Retry-After, and not stored', async () => {
      expect((await strict.post(INTAKE, validBody())).status).toBe(201);
      expect((await strict.post(INTAKE, validBody())).status).toBe(201);
      const before = await complaintCount();
      const limited = await strict.post(INTAKE, validBody());
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('content-type')).toContain('application/problem+json');
      const form = await strict.request('POST', INTAKE, { rawBody: formBody(validForm()), headers: FORM });
      expect(form.status).toBe(429);
      expect(form.headers.get('content-type')).toContain('text/html');
      expect(await complaintCount()).toBe(before);

      // The counters' Redis keys are keyed hashes: neither the address nor its plain SHA-256 is there.
      const redis = new Redis(strict.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
      await redis.connect();
      try {
        const keys = await redis.keys(`${strict.config.redisPrefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        const plain = createHash('sha256').update('intake-ip-127.0.0.1').digest('hex');
        for (const key of keys) {
          expect(key).not.toContain('127.0.0.1');
          expect(key).not.toContain(plain);
        }
      } finally {
        redis.disconnect();
      }
    });

    it('a forged X-Forwarded-For does not reset the count; behind a trusted proxy each client counts alone', async () => {
      const limited = async (trustProxy: string, run: (app: TestApi) => Promise<void>) => {
        const app = await createTestApi({
          DATABASE_URL: api.config.databaseUrl,
          INTAKE_LIMIT_PER_IP: '1',
          TRUST_PROXY: trustProxy,
        });
        try {
          await run(app);
        } finally {
          await app.close();
        }
      };
      const from = (app: TestApi, client: string) =>
        app.post(INTAKE, validBody(), { headers: { 'x-forwarded-for': client } });
      await limited('false', async (app) => {
        expect((await from(app, '198.51.100.1')).status).toBe(201);
        expect((await from(app, '198.51.100.2')).status).toBe(429);
      });
      await limited('127.0.0.1', async (app) => {
        expect((await from(app, '198.51.100.1')).status).toBe(201);
        expect((await from(app, '198.51.100.1')).status).toBe(429);
        expect((await from(app, '198.51.100.2')).status).toBe(201);
      });
    });

    it('status: lookups of one reference are limited whatever the token', async () => {
      const { reference } = (await api.post(INTAKE, validBody())).body;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await strict.get(`/api/v1/public/status/${reference}`, { headers: { 'x-status-token': `WRONG-${i}` } }))
            .status,
        );
      }
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    });
  });
});
