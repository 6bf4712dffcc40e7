import { createHash, randomInt, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldEncryptionService } from '@mc/security';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, complaintBody, type TestUser } from './complaints.helpers.js';

const WORKERS = '/api/v1/workers';
const LOGIN = '/api/v1/auth/login';

function workerBody(): Record<string, unknown> {
  const tag = randomInt(1_000_000, 9_999_999);
  return {
    fullName: `Оксана Replay${tag}`,
    preferredLanguage: 'uk',
    phone: `+49151${randomInt(10_000_000, 99_999_999)}`,
    email: `replay${tag}@example.org`,
    countryOfWork: 'DE',
    residenceStatus: 'temporary_protection',
    consent: { dataProcessing: true, partnerSharing: 'none', contactChannels: ['phone'] },
  };
}

/** 10,000 nested arrays: 20 KB, far below the body limit. */
const DEEP_ARRAYS = '['.repeat(10_000) + ']'.repeat(10_000);

describe('Idempotency-Key rows and hostile JSON bodies (issue 9, items 6 and 7)', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  const rowOf = async (key: string): Promise<Record<string, unknown>> => {
    const [row] = await ds.query(`SELECT * FROM idempotency_keys WHERE key = $1`, [key]);
    return row;
  };

  describe('hostile bodies are 400 problem+json, not 500', () => {
    it('refuses a lone surrogate in a body sent with Idempotency-Key', async () => {
      const body = await complaintBody(api, caseworker);
      const raw = JSON.stringify(body).replace('"Wages for March were not paid"', '"Wages \\ud83d"');
      const res = await api.request('POST', COMPLAINTS, {
        token: caseworker.token,
        rawBody: raw,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(/lone surrogate/);
    });

    it('refuses a lone surrogate in a key, and without Idempotency-Key too', async () => {
      const res = await api.request('POST', COMPLAINTS, {
        token: caseworker.token,
        rawBody: '{"\\udc00": 1}',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('accepts a proper surrogate pair (an emoji written as escapes)', async () => {
      const body = await complaintBody(api, caseworker);
      const raw = JSON.stringify(body).replace('"Wages for March were not paid"', '"Wages \\ud83d\\ude00"');
      const res = await api.request('POST', COMPLAINTS, {
        token: caseworker.token,
        rawBody: raw,
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.summary).toBe('Wages 😀');
    });

    it('refuses 10,000 nested arrays on the unauthenticated POST /auth/login', async () => {
      for (const raw of [DEEP_ARRAYS, `{"email":${DEEP_ARRAYS},"password":"x"}`]) {
        const res = await api.request('POST', LOGIN, { rawBody: raw, headers: { 'content-type': 'application/json' } });
        expect(res.status, res.text).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toMatch(/deeper than 32/);
      }
    });

    it('refuses 10,000 nested arrays on an authenticated route, with and without Idempotency-Key', async () => {
      for (const headers of [{}, { 'idempotency-key': randomUUID() }] as Array<Record<string, string>>) {
        const res = await api.request('POST', COMPLAINTS, {
          token: caseworker.token,
          rawBody: `{"workerIds":${DEEP_ARRAYS}}`,
          headers: { 'content-type': 'application/json', ...headers },
        });
        expect(res.status, res.text).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('does not count brackets inside strings', async () => {
      const body = await complaintBody(api, caseworker, { summary: '['.repeat(100) + '\\"{' + '{'.repeat(100) });
      const res = await api.post(COMPLAINTS, body, { token: caseworker.token });
      expect(res.status, res.text).toBe(201);
    });
  });

  describe('what an idempotency row keeps', () => {
    it('an HMAC of the raw request, not sha256 of the body, and no personal data', async () => {
      const body = workerBody();
      const key = randomUUID();
      const raw = JSON.stringify(body);
      const res = await api.request('POST', WORKERS, {
        token: caseworker.token,
        rawBody: raw,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });
      expect(res.status, res.text).toBe(201);

      const row = await rowOf(key);
      const hash = row.request_hash as string;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toBe(createHash('sha256').update(raw).digest('hex'));
      expect(hash).not.toBe(createHash('sha256').update(canonicalize(body)!).digest('hex'));
      expect(hash).toBe(
        api.app.get(FieldEncryptionService).requestHasher.hash('POST', WORKERS, Buffer.from(raw, 'utf8')),
      );

      expect(Object.keys(row).sort()).toEqual(
        [
          'created_at',
          'expires_at',
          'key',
          'request_hash',
          'resource_id',
          'resource_type',
          'scope',
          'status_code',
        ].sort(),
      );
      expect(row).toMatchObject({ status_code: 201, resource_type: 'worker', resource_id: res.body.id });
      const dump = JSON.stringify(row);
      for (const value of [body.fullName, body.phone, body.email, 'Replay'] as string[]) {
        expect(dump).not.toContain(value);
      }
    });
  });

  describe('replay', () => {
    it('answers with the first status and the record as it is now', async () => {
      const body = workerBody();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post(WORKERS, body, { token: caseworker.token, headers });
      expect(first.status, first.text).toBe(201);

      const patched = await api.patch(`${WORKERS}/${first.body.id}`, { city: 'Köln' }, { token: caseworker.token });
      expect(patched.status, patched.text).toBe(200);

      const again = await api.post(WORKERS, body, { token: caseworker.token, headers });
      expect(again.status, again.text).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toMatchObject({
        id: first.body.id,
        fullName: body.fullName,
        city: 'Köln',
        version: 2,
        possibleDuplicates: [],
        duplicateWarning: null,
      });
      const [count] = await ds.query(`SELECT count(*)::int AS n FROM migrant_workers WHERE created_by = $1`, [
        caseworker.id,
      ]);
      const third = await api.post(WORKERS, body, { token: caseworker.token, headers });
      expect(third.status).toBe(201);
      const [after] = await ds.query(`SELECT count(*)::int AS n FROM migrant_workers WHERE created_by = $1`, [
        caseworker.id,
      ]);
      expect(after.n).toBe(count.n);
    });

    it('does not bring back an erased worker: 410, without the name', async () => {
      const body = workerBody();
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post(WORKERS, body, { token: caseworker.token, headers });
      expect(first.status, first.text).toBe(201);

      // Erasure is crypto-shredding: the person's data key goes, the ciphertexts become noise.
      await ds.query(
        `UPDATE migrant_workers SET erased_at = now(), data_key_wrapped = NULL, data_key_master_id = NULL WHERE id = $1`,
        [first.body.id],
      );

      const again = await api.post(WORKERS, body, { token: caseworker.token, headers });
      expect(again.status, again.text).toBe(410);
      expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      for (const value of [body.fullName, body.phone, body.email] as string[]) {
        expect(again.text).not.toContain(value);
      }
    });

    it('answers 404 to a caller who may no longer open the record', async () => {
      const body = await complaintBody(api, caseworker);
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post(COMPLAINTS, body, { token: caseworker.token, headers });
      expect(first.status, first.text).toBe(201);
      // Handed to someone else and no longer the creator's (scope: assignee or creator).
      const other = await api.userWithRole('caseworker');
      await ds.query(`UPDATE complaints SET created_by = $2, assignee_id = $2 WHERE id = $1`, [
        first.body.id,
        other.id,
      ]);
      const again = await api.post(COMPLAINTS, body, { token: caseworker.token, headers });
      expect(again.status, again.text).toBe(404);
      expect(again.text).not.toContain(body.summary as string);
    });

    it('replays a note and an escalation step through their own reads', async () => {
      const complaint = await api.post(COMPLAINTS, await complaintBody(api, caseworker), { token: caseworker.token });
      const notes = `${COMPLAINTS}/${complaint.body.id}/notes`;
      const headers = { 'idempotency-key': randomUUID() };
      const note = await api.post(notes, { body: 'called the employer' }, { token: caseworker.token, headers });
      const noteAgain = await api.post(notes, { body: 'called the employer' }, { token: caseworker.token, headers });
      expect(noteAgain.status).toBe(201);
      expect(noteAgain.body).toEqual(note.body);

      const steps = `${COMPLAINTS}/${complaint.body.id}/steps`;
      const stepBody = { type: 'other', title: 'Call back', dueAt: new Date(Date.now() + 86_400_000).toISOString() };
      const step = await api.post(steps, stepBody, { token: caseworker.token, headers });
      expect(step.status, step.text).toBe(201);
      const stepAgain = await api.post(steps, stepBody, { token: caseworker.token, headers });
      expect(stepAgain.status).toBe(201);
      expect(stepAgain.headers.get('idempotent-replayed')).toBe('true');
      expect(stepAgain.body.id).toBe(step.body.id);
      expect((await api.get(steps, { token: caseworker.token })).body.items).toHaveLength(1);
    });

    it('replays a playbook (its steps, read again) and an employer', async () => {
      const complaint = await api.post(
        COMPLAINTS,
        await complaintBody(api, caseworker, {
          categories: ['unlawful_dismissal'],
          keyDates: { dismissalNoticeReceived: '2026-03-13' },
        }),
        { token: caseworker.token },
      );
      expect(complaint.status, complaint.text).toBe(201);
      const playbook = `${COMPLAINTS}/${complaint.body.id}/playbook`;
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post(playbook, {}, { token: caseworker.token, headers });
      expect(first.status, first.text).toBe(201);
      expect(first.body.steps.length).toBeGreaterThan(0);
      const again = await api.post(playbook, {}, { token: caseworker.token, headers });
      expect(again.status, again.text).toBe(201); // not the 409 of a second application
      expect(again.body).toEqual(first.body);
      expect((await rowOf(headers['idempotency-key'])).resource_id).toBe(complaint.body.id);

      const employer = {
        name: `Replay Bau ${randomInt(1_000_000, 9_999_999)} GmbH`,
        kind: 'direct_employer',
        country: 'DE',
      };
      const created = await api.post('/api/v1/employers', employer, { token: caseworker.token, headers });
      expect(created.status, created.text).toBe(201);
      const replayed = await api.post('/api/v1/employers', employer, { token: caseworker.token, headers });
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(created.body);
    });
  });
});
