import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ComplaintStatusService, IntakeService, type IntakeSubmission, normaliseStatusToken } from '@mc/intake';
import { NotificationsService } from '@mc/notifications';
import { createDatabase, dropDatabase, migrateDatabase, randomTestDatabaseName } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';

/*
 * The intake and status services against a database of their own (the coordinators' count of
 * notifications must be this file's), reached through the app's container; the HTTP routes and
 * pages have their own specs.
 */
describe('intake services', () => {
  const serverUrl = inject('databaseUrl');
  const databaseName = randomTestDatabaseName('mc_test_intake');
  let api: TestApi;
  let db: DataSource;
  let intake: IntakeService;
  let status: ComplaintStatusService;
  let coordinator: { id: string; token: string };
  let caseworker: { id: string; token: string };
  const today = new Date().toISOString().slice(0, 10);

  const submission = (overrides: Partial<IntakeSubmission> = {}): IntakeSubmission => ({
    language: 'ru',
    name: 'Иван Петров',
    contact: { phone: '+491512345678', email: null, telegram: '@ivan_petrov' },
    countryOfWork: 'DE',
    city: 'Köln',
    employerName: `Unique Bau ${Math.random().toString(36).slice(2)}`,
    employerCity: 'Köln',
    categories: ['unpaid_wages', 'unlawful_dismissal'],
    description: 'Не заплатили за март и уволили без предупреждения.',
    amountOwed: { amount: '1200.00', currency: 'EUR' },
    dismissalNoticeReceived: today,
    consent: { dataProcessing: true, partnerSharing: 'anonymised' },
    ...overrides,
  });

  const complaintOf = async (reference: string) =>
    (
      await db.query(
        `SELECT c.id, c.source, c.status, c.employer_id, c.amount_claimed, c.dismissal_notice_received AS dismissal,
                w.preferred_language, w.consent_partner_sharing, w.consent_contact_channels, w.created_by AS worker_created_by,
                e.verified, e.name AS employer_name
           FROM complaints c
           JOIN complaint_workers cw ON cw.complaint_id = c.id
           JOIN migrant_workers w ON w.id = cw.worker_id
           JOIN employers e ON e.id = c.employer_id
          WHERE c.reference = $1`,
        [reference],
      )
    )[0];

  beforeAll(async () => {
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    api = await createTestApi({ DATABASE_URL: databaseUrl });
    db = api.app.get(DataSource);
    intake = api.app.get(IntakeService);
    status = api.app.get(ComplaintStatusService);
    coordinator = await api.userWithRole('coordinator');
    caseworker = await api.userWithRole('caseworker');
  });

  afterAll(async () => {
    await api?.close();
    await dropDatabase(serverUrl, databaseName);
  });

  it('writes the worker, an unverified employer, the complaint, its deadlines and token, and tells the coordinator', async () => {
    const receipt = await intake.submit(submission(), { ip: '203.0.113.5' });
    expect(receipt.reference).toMatch(new RegExp(`^MC-${new Date().getUTCFullYear()}-\\d{5}$`));
    expect(receipt.statusToken).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);

    const row = await complaintOf(receipt.reference);
    expect(row).toMatchObject({
      source: 'public_intake',
      status: 'new',
      preferred_language: 'ru',
      consent_partner_sharing: 'anonymised',
      worker_created_by: null,
      verified: false,
      amount_claimed: '1200.00',
    });
    expect(row.consent_contact_channels.sort()).toEqual(['phone', 'telegram']);
    const deadlines = await db.query(`SELECT rule_id FROM complaint_deadlines WHERE complaint_id = $1`, [row.id]);
    expect(deadlines.length).toBeGreaterThan(0);
    const [token] = await db.query(`SELECT token_hash, language FROM complaint_status_tokens WHERE complaint_id = $1`, [
      row.id,
    ]);
    expect(token.language).toBe('ru');
    expect(Buffer.from(token.token_hash).toString('utf8')).not.toContain(receipt.statusToken);
    // The audit log records what was written and by whom ("public"), never the person's address.
    const audited = await db.query(
      `SELECT action, actor_type, ip FROM audit_events WHERE entity_id = ANY($1::text[]) ORDER BY seq`,
      [[row.id, row.employer_id]],
    );
    expect(audited.map((a: { action: string }) => a.action)).toEqual(['employer.create', 'complaint.create']);
    for (const a of audited) expect(a).toMatchObject({ actor_type: 'public', ip: null });
    const anyIp = await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE ip = '203.0.113.5'`);
    expect(anyIp[0].n).toBe(0);
    const notified = await db.query(`SELECT user_id, kind, params FROM notifications WHERE complaint_id = $1`, [
      row.id,
    ]);
    expect(notified).toEqual([
      { user_id: coordinator.id, kind: 'intake.received', params: { reference: receipt.reference } },
    ]);
  });

  it('no dismissal date: no statutory deadline is computed from one', async () => {
    const receipt = await intake.submit(submission({ dismissalNoticeReceived: null, categories: ['unpaid_wages'] }));
    const row = await complaintOf(receipt.reference);
    expect(row.dismissal).toBeNull();
  });

  it('a strong name match (any script) is the known employer; a weak one opens a new unverified record', async () => {
    const known = await api.post(
      '/api/v1/employers',
      { name: 'Stroymontazh Rheinland GmbH', kind: 'temp_agency', country: 'DE' },
      { token: coordinator.token },
    );
    expect(known.status).toBe(201);
    const matched = await intake.submit(submission({ employerName: 'Строймонтаж Рейнланд GmbH' }));
    const matchedRow = await complaintOf(matched.reference);
    expect(matchedRow.employer_id).toBe(known.body.id);
    expect(matchedRow.verified).toBe(true);

    // The same name in another country is another company.
    const elsewhere = await intake.submit(
      submission({ employerName: 'Stroymontazh Rheinland GmbH', countryOfWork: 'PL' }),
    );
    expect((await complaintOf(elsewhere.reference)).employer_id).not.toBe(known.body.id);

    const weak = await intake.submit(submission({ employerName: 'Stroy Logistik' }));
    const weakRow = await complaintOf(weak.reference);
    expect(weakRow.employer_id).not.toBe(known.body.id);
    expect(weakRow).toMatchObject({ verified: false, employer_name: 'Stroy Logistik' });
    const employer = await api.get(`/api/v1/employers/${weakRow.employer_id}`, { token: coordinator.token });
    expect(employer.body.verified).toBe(false);
    const checked = await api.patch(
      `/api/v1/employers/${weakRow.employer_id}`,
      { verified: true },
      { token: caseworker.token },
    );
    expect(checked.status).toBe(200);
    expect(checked.body.verified).toBe(true);
  });

  it('a failure anywhere leaves nothing behind', async () => {
    const totals = () =>
      db.query(
        `SELECT (SELECT count(*) FROM complaints) AS c, (SELECT count(*) FROM migrant_workers) AS w,
                (SELECT count(*) FROM employers) AS e, (SELECT count(*) FROM complaint_status_tokens) AS t,
                (SELECT count(*) FROM audit_events) AS a, (SELECT count(*) FROM notifications) AS n,
                (SELECT count(*) FROM timeline_events) AS tl, (SELECT count(*) FROM complaint_deadlines) AS d`,
      );
    const before = await totals();
    const notify = vi.spyOn(api.app.get(NotificationsService), 'notify').mockRejectedValueOnce(new Error('boom'));
    await expect(intake.submit(submission())).rejects.toThrow('boom');
    notify.mockRestore();
    expect(await totals()).toEqual(before);
  });

  describe('status page', () => {
    let reference: string;
    let token: string;
    let complaintId: string;

    beforeAll(async () => {
      ({ reference, statusToken: token } = await intake.submit(submission({ language: 'uk' })));
      complaintId = (await complaintOf(reference)).id;
    });

    it('opens with the reference and the token, typed loosely', async () => {
      const view = await status.lookup(reference.toLowerCase(), normaliseStatusToken(token).toLowerCase());
      expect(view).toMatchObject({
        reference,
        status: 'new',
        statusLabelKey: 'received',
        language: 'uk',
        messages: [],
      });
    });

    it('a wrong token and an unknown reference are the same not-found', async () => {
      const wrongToken = token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      const errors = await Promise.all([
        status.lookup(reference, wrongToken).catch((e: unknown) => e),
        status.lookup('MC-1999-99999', token).catch((e: unknown) => e),
        status.lookup('x'.repeat(500), token).catch((e: unknown) => e),
      ]);
      for (const error of errors) expect(error).toMatchObject({ code: 'intake.status-not-found', kind: 'not-found' });
      expect(new Set(errors.map((e) => (e as Error).message)).size).toBe(1);
    });

    it('shows worker-visible notes, never internal ones, and takes the worker reply onto the timeline', async () => {
      await api.post(
        `/api/v1/complaints/${complaintId}/notes`,
        { body: 'Внутрішня нотатка', visibility: 'internal' },
        {
          token: coordinator.token,
        },
      );
      const note = await api.post(
        `/api/v1/complaints/${complaintId}/notes`,
        { body: 'Надішліть, будь ласка, фото договору.', visibility: 'worker' },
        { token: coordinator.token },
      );
      expect(note.status).toBe(201);
      const seen = await status.lookup(reference, token);
      expect(seen.messages.map((m) => [m.from, m.body])).toEqual([
        ['collective', 'Надішліть, будь ласка, фото договору.'],
      ]);

      const replied = await status.reply(reference, token, '  Договір у мене вдома, надішлю завтра.  ');
      expect(replied.messages.map((m) => [m.from, m.body])).toEqual([
        ['collective', 'Надішліть, будь ласка, фото договору.'],
        ['worker', 'Договір у мене вдома, надішлю завтра.'],
      ]);
      const notes = await api.get(`/api/v1/complaints/${complaintId}/notes`, { token: coordinator.token });
      expect(notes.body.items.at(-1)).toMatchObject({ fromWorker: true, authorId: null, visibility: 'worker' });
      const timeline = await api.get(`/api/v1/complaints/${complaintId}/timeline`, { token: coordinator.token });
      expect(timeline.body.items.at(-1)).toMatchObject({
        actorType: 'public',
        type: 'note.added',
        data: { fromWorker: true, visibility: 'worker', noteId: notes.body.items.at(-1).id },
      });
      // Nobody is assigned: the coordinator hears of it.
      const kinds = await db.query(`SELECT kind FROM notifications WHERE complaint_id = $1 ORDER BY created_at`, [
        complaintId,
      ]);
      expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['intake.received', 'complaint.worker_message']);
    });

    it('refuses an empty or oversized reply, and a reply with a wrong token', async () => {
      await expect(status.reply(reference, token, '   ')).rejects.toMatchObject({ code: 'intake.invalid-message' });
      await expect(status.reply(reference, token, 'x'.repeat(5001))).rejects.toMatchObject({
        code: 'intake.invalid-message',
      });
      await expect(status.reply(reference, 'AAAA-AAAA', 'hello')).rejects.toMatchObject({
        code: 'intake.status-not-found',
      });
    });
  });

  describe('triage list', () => {
    it('lists self-filed new complaints with hints: same contact, same employer within 30 days', async () => {
      const phone = `+4915${Math.floor(Math.random() * 1e8)
        .toString()
        .padStart(8, '0')}`;
      const employerName = `Triage Hinweis Bau ${Math.random().toString(36).slice(2, 8)}`;
      const first = await intake.submit(submission({ contact: { phone, email: null, telegram: null }, employerName }));
      const second = await intake.submit(
        submission({ contact: { phone: phone.replace('+49', '0049'), email: null, telegram: null }, employerName }),
      );
      const other = await intake.submit(
        submission({ contact: { phone: null, email: 'x@example.org', telegram: null } }),
      );

      const list = await api.get('/api/v1/complaints?status=new&source=public_intake&limit=200', {
        token: coordinator.token,
      });
      expect(list.status).toBe(200);
      const byReference = new Map(list.body.items.map((c: { reference: string }) => [c.reference, c]));
      expect(list.body.items.every((c: { source: string }) => c.source === 'public_intake')).toBe(true);
      const firstView = byReference.get(first.reference) as { id: string; duplicateHints: unknown[] };
      const secondView = byReference.get(second.reference) as { duplicateHints: unknown[] };
      expect(secondView.duplicateHints).toEqual([
        { complaintId: firstView.id, reference: first.reference, reasons: ['phone', 'same_employer'] },
      ]);
      expect(firstView.duplicateHints).toEqual([
        expect.objectContaining({ reference: second.reference, reasons: ['phone', 'same_employer'] }),
      ]);
      expect((byReference.get(other.reference) as { duplicateHints: unknown[] }).duplicateHints).toEqual([]);

      const one = await api.get(`/api/v1/complaints/${firstView.id}`, { token: coordinator.token });
      expect(one.body.duplicateHints).toEqual(firstView.duplicateHints);

      // A caseworker sees none of them (not theirs)...
      const theirs = await api.get('/api/v1/complaints?source=public_intake', { token: caseworker.token });
      expect(theirs.body.items).toEqual([]);
      // ...and once one is assigned to them, its hints leave out the duplicate that is not theirs.
      const secondId = (byReference.get(second.reference) as { id: string }).id;
      const assigned = await api.post(
        `/api/v1/complaints/${secondId}/assign`,
        { userId: caseworker.id },
        { token: coordinator.token },
      );
      expect(assigned.status, assigned.text).toBe(200);
      const mine = await api.get(`/api/v1/complaints/${secondId}`, { token: caseworker.token });
      expect(mine.status).toBe(200);
      expect(mine.body.duplicateHints).toEqual([]);
      const all = await api.get(`/api/v1/complaints/${secondId}`, { token: coordinator.token });
      expect(all.body.duplicateHints).toEqual([expect.objectContaining({ reference: first.reference })]);
      const bad = await api.get('/api/v1/complaints?source=website', { token: coordinator.token });
      expect(bad.status).toBe(400);
    });
  });
});
