import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseComplaintReference } from '@mc/complaints';
import { FieldEncryptionService } from '@mc/security';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { COMPLAINTS, complaintBody, type TestUser } from './complaints.helpers.js';

describe('complaints: idempotent create and concurrent references', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworker: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworker = await api.userWithRole('caseworker');
  });
  afterAll(() => api.close());

  const countByReference = async (reference: string): Promise<number> => {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM complaints WHERE reference = $1`, [reference]);
    return row.n;
  };

  describe('Idempotency-Key', () => {
    it('returns the first status and the complaint to a repeat with the same key and body, creating one', async () => {
      const body = await complaintBody(api, caseworker);
      const headers = { 'idempotency-key': randomUUID() };
      const first = await api.post(COMPLAINTS, body, { token: caseworker.token, headers });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();

      const second = await api.post(COMPLAINTS, body, { token: caseworker.token, headers });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(await countByReference(first.body.reference)).toBe(1);
      const [links] = await ds.query(`SELECT count(*)::int AS n FROM complaint_workers WHERE worker_id = $1`, [
        (body.workerIds as string[])[0],
      ]);
      expect(links.n).toBe(1);

      // The outcome is kept, not the answer: the replay read the complaint again.
      const [stored] = await ds.query(
        `SELECT status_code, resource_type, resource_id, extract(epoch FROM expires_at - created_at)::int AS ttl
           FROM idempotency_keys WHERE key = $1`,
        [headers['idempotency-key']],
      );
      expect(stored).toEqual({
        status_code: 201,
        resource_type: 'complaint',
        resource_id: first.body.id,
        ttl: 24 * 3600,
      });
    });

    it('takes "same body" as the same bytes: the same fields in another order are another body (422)', async () => {
      const body = await complaintBody(api, caseworker);
      const headers = { 'idempotency-key': randomUUID() };
      expect((await api.post(COMPLAINTS, body, { token: caseworker.token, headers })).status).toBe(201);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const other = await api.post(COMPLAINTS, reordered, { token: caseworker.token, headers });
      expect(other.status).toBe(422);
    });

    it('refuses the same key with another body (422)', async () => {
      const body = await complaintBody(api, caseworker);
      const headers = { 'idempotency-key': randomUUID() };
      expect((await api.post(COMPLAINTS, body, { token: caseworker.token, headers })).status).toBe(201);
      const other = await api.post(
        COMPLAINTS,
        { ...body, summary: 'Something else' },
        { token: caseworker.token, headers },
      );
      expect(other.status).toBe(422);
      expect(other.body.detail).toMatch(/different request body/);
    });

    it('keeps keys apart per user', async () => {
      const other = await api.userWithRole('caseworker');
      const key = randomUUID();
      const mine = await api.post(COMPLAINTS, await complaintBody(api, caseworker), {
        token: caseworker.token,
        headers: { 'idempotency-key': key },
      });
      const theirs = await api.post(COMPLAINTS, await complaintBody(api, other), {
        token: other.token,
        headers: { 'idempotency-key': key },
      });
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('forgets a key whose first request failed, so a corrected retry runs', async () => {
      const body = await complaintBody(api, caseworker);
      const headers = { 'idempotency-key': randomUUID() };
      const invalid = await api.post(COMPLAINTS, { ...body, categories: [] }, { token: caseworker.token, headers });
      expect(invalid.status).toBe(400);
      const unknown = await api.post(
        COMPLAINTS,
        { ...body, employerId: randomUUID() },
        { token: caseworker.token, headers },
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toBeDefined(); // the 422 of the lookup, not of a key mismatch
      const fixed = await api.post(COMPLAINTS, body, { token: caseworker.token, headers });
      expect(fixed.status).toBe(201);
      expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    });

    it('answers 409 while the first request with the key is still running', async () => {
      const body = await complaintBody(api, caseworker);
      const key = randomUUID();
      const hash = api.app
        .get(FieldEncryptionService)
        .requestHasher.hash('POST', COMPLAINTS, Buffer.from(JSON.stringify(body), 'utf8'));
      // What the first request's row looks like while it runs.
      await ds.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
        [`user:${caseworker.id}:POST /api/v1/complaints`, key, hash],
      );
      const res = await api.post(COMPLAINTS, body, { token: caseworker.token, headers: { 'idempotency-key': key } });
      expect(res.status).toBe(409);
    });

    it('runs again once a key has expired', async () => {
      const body = await complaintBody(api, caseworker);
      const key = randomUUID();
      const first = await api.post(COMPLAINTS, body, { token: caseworker.token, headers: { 'idempotency-key': key } });
      await ds.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
      const later = await api.post(
        COMPLAINTS,
        { ...body, summary: 'A new complaint a day later' },
        {
          token: caseworker.token,
          headers: { 'idempotency-key': key },
        },
      );
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(first.body.id);
    });

    it('refuses a malformed key (400)', async () => {
      const body = await complaintBody(api, caseworker);
      for (const key of ['x'.repeat(201), '', 'tab\tinside']) {
        const res = await api.post(COMPLAINTS, body, { token: caseworker.token, headers: { 'idempotency-key': key } });
        expect(res.status, key).toBe(400);
      }
    });

    it('also applies to notes', async () => {
      const complaint = await api.post(COMPLAINTS, await complaintBody(api, caseworker), { token: caseworker.token });
      const headers = { 'idempotency-key': randomUUID() };
      const path = `${COMPLAINTS}/${complaint.body.id}/notes`;
      const first = await api.post(path, { body: 'once' }, { token: caseworker.token, headers });
      const again = await api.post(path, { body: 'once' }, { token: caseworker.token, headers });
      expect(again.body.id).toBe(first.body.id);
      const list = await api.get(path, { token: caseworker.token });
      expect(list.body.items).toHaveLength(1);

      // The same key on another complaint is another request, not a replay of this one.
      const other = await api.post(COMPLAINTS, await complaintBody(api, caseworker), { token: caseworker.token });
      const otherPath = `${COMPLAINTS}/${other.body.id}/notes`;
      const elsewhere = await api.post(otherPath, { body: 'once' }, { token: caseworker.token, headers });
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.id).not.toBe(first.body.id);
      expect((await api.get(otherPath, { token: caseworker.token })).body.items).toHaveLength(1);
    });
  });

  it('gives 50 concurrent creates 50 distinct, consecutive references', async () => {
    const bodies = await Promise.all(Array.from({ length: 50 }, () => complaintBody(api, caseworker)));
    const responses = await Promise.all(bodies.map((body) => api.post(COMPLAINTS, body, { token: caseworker.token })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const refs = responses.map((r) => parseComplaintReference(r.body.reference)!);
    expect(new Set(refs.map((r) => r.reference)).size).toBe(50);
    const year = refs[0]!.year;
    expect(refs.every((r) => r.year === year)).toBe(true);
    const seqs = refs.map((r) => r.seq).sort((a, b) => a - b);
    const [min, max] = [seqs[0]!, seqs[seqs.length - 1]!];
    // Other test files share the database and may create complaints in the same moments: their
    // numbers can fall between ours. None may be missing or doubled.
    const [range] = await ds.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE created_by <> $4)::int AS others
         FROM complaints WHERE reference_year = $1 AND reference_seq BETWEEN $2 AND $3`,
      [year, min, max, caseworker.id],
    );
    expect(range.total).toBe(max - min + 1);
    expect(max - min).toBe(49 + range.others);
  });
});
