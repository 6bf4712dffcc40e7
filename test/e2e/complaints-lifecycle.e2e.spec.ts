import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersService } from '@mc/security';
import { createTestApi, type TestApi } from '../support/test-api.js';
import {
  COMPLAINTS,
  createComplaint,
  createComplaintOfRealWorkers,
  tinyPng,
  uploadFile,
  type TestUser,
} from './complaints.helpers.js';

describe('complaints: lifecycle, assignment, clock, notes, timeline, scope', () => {
  let api: TestApi;
  let ds: DataSource;
  let caseworkerA: TestUser;
  let caseworkerB: TestUser;
  let coordinator: TestUser;
  let admin: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_IP: '500' });
    ds = api.app.get(DataSource);
    caseworkerA = await api.userWithRole('caseworker');
    caseworkerB = await api.userWithRole('caseworker');
    coordinator = await api.userWithRole('coordinator');
    admin = await api.userWithRole('admin');
    analyst = await api.userWithRole('analyst');
  });
  afterAll(() => api.close());

  const transition = (id: string, body: Record<string, unknown>, token: string, headers?: Record<string, string>) =>
    api.post(`${COMPLAINTS}/${id}/transitions`, body, { token, headers });

  describe('transitions', () => {
    it('walks new → triage → open → escalated → resolved (paid_partly) → closed', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      let version = complaint.version as number;
      for (const to of ['triage', 'open', 'escalated']) {
        const res = await transition(complaint.id, { to }, caseworkerA.token, { 'if-match': `"${version}"` });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(to);
        expect(res.body.version).toBe(version + 1);
        version = res.body.version;
      }
      const resolved = await transition(
        complaint.id,
        { to: 'resolved', outcome: 'paid_partly', recovered: { amount: '800.00', currency: 'EUR' }, version },
        caseworkerA.token,
      );
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        outcome: 'paid_partly',
        amountRecovered: { amount: '800.00', currency: 'EUR' },
        closedAt: null,
      });
      expect(resolved.body.resolvedAt).not.toBeNull();

      const closed = await transition(complaint.id, { to: 'closed' }, caseworkerA.token);
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', outcome: 'paid_partly' });
      expect(closed.body.closedAt).not.toBeNull();

      const timeline = await api.get(`${COMPLAINTS}/${complaint.id}/timeline`, { token: caseworkerA.token });
      const changes = (timeline.body.items as Array<{ type: string; data: Record<string, unknown> }>)
        .filter((e) => e.type === 'status.changed')
        .map((e) => e.data);
      expect(changes).toEqual([
        { from: 'new', to: 'triage', outcome: null },
        { from: 'triage', to: 'open', outcome: null },
        { from: 'open', to: 'escalated', outcome: null },
        { from: 'escalated', to: 'resolved', outcome: 'paid_partly' },
        { from: 'resolved', to: 'closed', outcome: 'paid_partly' },
      ]);

      const final = await transition(complaint.id, { to: 'open', reason: 'try again' }, caseworkerA.token);
      expect(final.status).toBe(409);
      expect(final.body.allowed).toEqual([]);
    });

    it('refuses a transition the lifecycle does not allow with 409 and the allowed targets', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const res = await transition(complaint.id, { to: 'closed' }, caseworkerA.token);
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.allowed).toEqual(['triage', 'rejected']);
      const unchanged = await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerA.token });
      expect(unchanged.body).toMatchObject({ status: 'new', version: 1 });
    });

    it('needs an outcome to resolve and a recovered amount for paid outcomes (422)', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      for (const to of ['triage', 'open', 'escalated']) {
        expect((await transition(complaint.id, { to }, caseworkerA.token)).status).toBe(200);
      }
      const noOutcome = await transition(complaint.id, { to: 'resolved' }, caseworkerA.token);
      expect(noOutcome.status).toBe(422);
      expect(noOutcome.body.errors).toEqual([expect.objectContaining({ field: 'outcome' })]);
      const noAmount = await transition(complaint.id, { to: 'resolved', outcome: 'settled' }, caseworkerA.token);
      expect(noAmount.status).toBe(422);
      expect(noAmount.body.errors).toEqual([expect.objectContaining({ field: 'recovered' })]);
      const badAmount = await transition(
        complaint.id,
        { to: 'resolved', outcome: 'settled', recovered: { amount: 800, currency: 'EUR' } },
        caseworkerA.token,
      );
      expect(badAmount.status).toBe(400);
      const lost = await transition(complaint.id, { to: 'resolved', outcome: 'lost' }, caseworkerA.token);
      expect(lost.status).toBe(200);
      expect(lost.body).toMatchObject({ outcome: 'lost', amountRecovered: null });
    });

    it('needs a reason to reject (422) and keeps it, encrypted, as the status reason', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const noReason = await transition(complaint.id, { to: 'rejected' }, caseworkerA.token);
      expect(noReason.status).toBe(422);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const rejected = await transition(complaint.id, { to: 'rejected', reason: 'duplicate' }, caseworkerA.token);
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'duplicate' });
      const [row] = await ds.query(`SELECT status_reason_enc FROM complaints WHERE id = $1`, [complaint.id]);
      expect(row.status_reason_enc).toMatch(/^v1\./);
      expect((await transition(complaint.id, { to: 'triage' }, caseworkerA.token)).body.allowed).toEqual([]);
    });

    it('reopens a resolved complaint with a reason, clearing the outcome', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      for (const to of ['triage', 'open', 'escalated']) await transition(complaint.id, { to }, caseworkerA.token);
      await transition(
        complaint.id,
        { to: 'resolved', outcome: 'paid_in_full', recovered: { amount: '1000', currency: 'EUR' } },
        caseworkerA.token,
      );
      expect((await transition(complaint.id, { to: 'open' }, caseworkerA.token)).status).toBe(422);
      const reopened = await transition(complaint.id, { to: 'open', reason: 'the payment bounced' }, caseworkerA.token);
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({
        status: 'open',
        outcome: null,
        resolvedAt: null,
        statusReason: 'the payment bounced',
        amountRecovered: { amount: '1000.00', currency: 'EUR' },
      });
      // Resolved again without money: the bounced payment no longer counts as recovered.
      expect((await transition(complaint.id, { to: 'escalated' }, caseworkerA.token)).status).toBe(200);
      const lost = await transition(complaint.id, { to: 'resolved', outcome: 'lost' }, caseworkerA.token);
      expect(lost.status, lost.text).toBe(200);
      expect(lost.body).toMatchObject({ status: 'resolved', outcome: 'lost', amountRecovered: null });
    });

    it('answers 409 on a stale version and 400 on a bad body', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      await api.patch(`${COMPLAINTS}/${complaint.id}`, { priority: 'high' }, { token: caseworkerA.token });
      const stale = await transition(complaint.id, { to: 'triage' }, caseworkerA.token, { 'if-match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(2);
      expect((await transition(complaint.id, { to: 'done' }, caseworkerA.token)).status).toBe(400);
      expect((await transition(complaint.id, { to: 'triage', extra: 1 }, caseworkerA.token)).status).toBe(400);
      expect(
        (await transition(complaint.id, { to: 'triage' }, caseworkerA.token, { 'if-match': 'W/"x"' })).status,
      ).toBe(400);
    });
  });

  describe('assignment', () => {
    it('lets a coordinator assign, after which the assignee sees the complaint', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      expect((await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerB.token })).status).toBe(404);
      const assigned = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: caseworkerB.id },
        {
          token: coordinator.token,
        },
      );
      expect(assigned.status).toBe(200);
      expect(assigned.body).toMatchObject({ assigneeId: caseworkerB.id, version: 2 });
      expect((await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerB.token })).status).toBe(200);
      const list = await api.get(`${COMPLAINTS}?limit=200`, { token: caseworkerB.token });
      expect((list.body.items as Array<{ id: string }>).map((c) => c.id)).toContain(complaint.id);
      // The creator keeps access.
      expect((await api.get(`${COMPLAINTS}/${complaint.id}`, { token: caseworkerA.token })).status).toBe(200);

      const timeline = await api.get(`${COMPLAINTS}/${complaint.id}/timeline`, { token: caseworkerB.token });
      expect(timeline.body.items).toContainEqual(
        expect.objectContaining({
          type: 'complaint.assigned',
          actorId: coordinator.id,
          data: { assigneeId: caseworkerB.id, previousAssigneeId: null },
        }),
      );
    });

    it('refuses an analyst, an inactive or an unknown user as assignee (422)', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const inactive = await api.userWithRole('caseworker');
      await api.app
        .get(UsersService)
        .update(inactive.id, { active: false }, { kind: 'user', userId: admin.id, role: 'admin', sessionId: 'test' });
      for (const userId of [analyst.id, inactive.id, randomUUID()]) {
        const res = await api.post(`${COMPLAINTS}/${complaint.id}/assign`, { userId }, { token: admin.token });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      }
      expect(
        (await api.post(`${COMPLAINTS}/${complaint.id}/assign`, { userId: 'x' }, { token: admin.token })).status,
      ).toBe(400);
      const toCoordinator = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: coordinator.id },
        {
          token: admin.token,
        },
      );
      expect(toCoordinator.status).toBe(200);
    });

    it('is coordinator+: a caseworker gets 403 even on their own complaint', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const res = await api.post(
        `${COMPLAINTS}/${complaint.id}/assign`,
        { userId: caseworkerA.id },
        {
          token: caseworkerA.token,
        },
      );
      expect(res.status).toBe(403);
      expect(
        (
          await api.post(
            `${COMPLAINTS}/${randomUUID()}/assign`,
            { userId: caseworkerA.id },
            { token: coordinator.token },
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('clock', () => {
    it('pauses and resumes, adding the paused seconds; a second pause or resume is 409', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const path = `${COMPLAINTS}/${complaint.id}/clock`;
      const paused = await api.post(`${path}/pause`, undefined, { token: caseworkerA.token });
      expect(paused.status).toBe(200);
      expect(paused.body.clock.paused).toBe(true);
      expect(paused.body.clock.pausedAt).not.toBeNull();
      expect((await api.post(`${path}/pause`, undefined, { token: caseworkerA.token })).status).toBe(409);

      // Pretend the pause began 90 seconds ago.
      await ds.query(`UPDATE complaints SET clock_paused_at = now() - interval '90 seconds' WHERE id = $1`, [
        complaint.id,
      ]);
      const resumed = await api.post(`${path}/resume`, undefined, { token: caseworkerA.token });
      expect(resumed.status).toBe(200);
      expect(resumed.body.clock.paused).toBe(false);
      expect(resumed.body.clock.pausedAt).toBeNull();
      expect(resumed.body.clock.pausedSeconds).toBeGreaterThanOrEqual(90);
      expect(resumed.body.clock.pausedSeconds).toBeLessThan(150);
      expect((await api.post(`${path}/resume`, undefined, { token: caseworkerA.token })).status).toBe(409);

      const again = await api.post(`${path}/pause`, undefined, { token: caseworkerA.token });
      expect(again.status).toBe(200);
      const staleResume = await api.post(`${path}/resume`, undefined, {
        token: caseworkerA.token,
        headers: { 'if-match': `"${paused.body.version}"` },
      });
      expect(staleResume.status).toBe(409);
    });

    it('has nothing to pause on a rejected complaint', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      await transition(complaint.id, { to: 'rejected', reason: 'spam' }, caseworkerA.token);
      expect(
        (await api.post(`${COMPLAINTS}/${complaint.id}/clock/pause`, undefined, { token: caseworkerA.token })).status,
      ).toBe(409);
    });
  });

  describe('notes and timeline', () => {
    it('adds internal and worker notes and lists them oldest first', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const path = `${COMPLAINTS}/${complaint.id}/notes`;
      const internal = await api.post(
        path,
        { body: 'Called the employer, no answer.', visibility: 'internal' },
        {
          token: caseworkerA.token,
        },
      );
      const forWorker = await api.post(
        path,
        { body: 'Мы отправили письмо работодателю.', visibility: 'worker' },
        {
          token: caseworkerA.token,
        },
      );
      const byDefault = await api.post(path, { body: 'Default visibility' }, { token: caseworkerA.token });
      expect(internal.status).toBe(201);
      expect(forWorker.status).toBe(201);
      expect(internal.body).toMatchObject({
        complaintId: complaint.id,
        authorId: caseworkerA.id,
        visibility: 'internal',
      });
      expect(byDefault.body.visibility).toBe('internal');

      const list = await api.get(path, { token: caseworkerA.token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((n: { body: string; visibility: string }) => [n.visibility, n.body])).toEqual([
        ['internal', 'Called the employer, no answer.'],
        ['worker', 'Мы отправили письмо работодателю.'],
        ['internal', 'Default visibility'],
      ]);
      const firstPage = await api.get(`${path}?limit=2`, { token: caseworkerA.token });
      expect(firstPage.body.items).toHaveLength(2);
      const secondPage = await api.get(`${path}?limit=2&cursor=${firstPage.body.nextCursor}`, {
        token: caseworkerA.token,
      });
      expect(secondPage.body.items.map((n: { id: string }) => n.id)).toEqual([byDefault.body.id]);
      expect(secondPage.body.nextCursor).toBeNull();

      for (const body of [{ body: '' }, { body: 'x'.repeat(10_001) }, { body: 'ok', visibility: 'public' }, {}]) {
        expect((await api.post(path, body, { token: caseworkerA.token })).status).toBe(400);
      }
    });

    it('orders everything that happened: created, status, notes, attachments, clock', async () => {
      const complaint = await createComplaintOfRealWorkers(api, caseworkerA);
      const id = complaint.id as string;
      await transition(id, { to: 'triage' }, caseworkerA.token);
      const note = await api.post(
        `${COMPLAINTS}/${id}/notes`,
        { body: 'n', visibility: 'worker' },
        { token: caseworkerA.token },
      );
      const upload = await uploadFile(api, id, caseworkerA.token, tinyPng(), 'payslip.png', 'image/png');
      expect(upload.status).toBe(201);
      await api.post(`${COMPLAINTS}/${id}/clock/pause`, undefined, { token: caseworkerA.token });
      await api.post(`${COMPLAINTS}/${id}/clock/resume`, undefined, { token: caseworkerA.token });

      const timeline = await api.get(`${COMPLAINTS}/${id}/timeline`, { token: caseworkerA.token });
      expect(timeline.status).toBe(200);
      const items = timeline.body.items as Array<{
        seq: number;
        type: string;
        data: any;
        actorType: string;
        actorId: string;
      }>;
      expect(items.map((e) => e.type)).toEqual([
        'complaint.created',
        'status.changed',
        'note.added',
        'attachment.added',
        'clock.paused',
        'clock.resumed',
      ]);
      const seqs = items.map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(items[0]).toMatchObject({ actorType: 'user', actorId: caseworkerA.id });
      expect(items[0]!.data).toMatchObject({ reference: complaint.reference, workerIds: complaint.workerIds });
      expect(items[2]!.data).toEqual({ noteId: note.body.id, visibility: 'worker' });
      expect(items[3]!.data).toMatchObject({ attachmentId: upload.body.id, contentType: 'image/png' });

      const page1 = await api.get(`${COMPLAINTS}/${id}/timeline?limit=4`, { token: caseworkerA.token });
      const page2 = await api.get(`${COMPLAINTS}/${id}/timeline?limit=4&cursor=${page1.body.nextCursor}`, {
        token: caseworkerA.token,
      });
      expect([...page1.body.items, ...page2.body.items].map((e: { id: string }) => e.id)).toEqual(
        items.map((e: any) => e.id),
      );
      expect(page2.body.nextCursor).toBeNull();
      expect((await api.get(`${COMPLAINTS}/${id}/timeline?cursor=abc`, { token: caseworkerA.token })).status).toBe(400);
    });
  });

  describe('scope on every route that takes an id', () => {
    it("gives caseworker B the same 404 as for a missing id on A's complaint; a coordinator sees it", async () => {
      const complaint = await createComplaintOfRealWorkers(api, caseworkerA);
      const id = complaint.id as string;
      const upload = await uploadFile(api, id, caseworkerA.token, tinyPng(), 'photo.png');
      expect(upload.status).toBe(201);
      const attachmentPath = `${COMPLAINTS}/${id}/attachments/${upload.body.id}`;

      const routes: Array<[string, string, unknown?]> = [
        ['GET', `${COMPLAINTS}/${id}`],
        ['PATCH', `${COMPLAINTS}/${id}`, { priority: 'low' }],
        ['POST', `${COMPLAINTS}/${id}/transitions`, { to: 'triage' }],
        ['GET', `${COMPLAINTS}/${id}/notes`],
        ['POST', `${COMPLAINTS}/${id}/notes`, { body: 'hello' }],
        ['GET', `${COMPLAINTS}/${id}/timeline`],
        ['GET', `${COMPLAINTS}/${id}/attachments`],
        ['GET', attachmentPath],
        ['POST', `${COMPLAINTS}/${id}/clock/pause`],
        ['POST', `${COMPLAINTS}/${id}/clock/resume`],
      ];
      for (const [method, path, body] of routes) {
        const res = await api.request(method, path, { token: caseworkerB.token, body });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.detail).toMatch(/not found/);
      }
      const upload404 = await uploadFile(api, id, caseworkerB.token, tinyPng(), 'photo.png');
      expect(upload404.status).toBe(404);

      // Nothing changed, and the coordinator sees it all.
      const seen = await api.get(`${COMPLAINTS}/${id}`, { token: coordinator.token });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ version: 1, status: 'new', clock: { paused: false } });
      expect((await api.get(`${COMPLAINTS}/${id}/timeline`, { token: coordinator.token })).status).toBe(200);
      expect((await api.get(attachmentPath, { token: coordinator.token })).status).toBe(200);
      const attachmentsOfOther = await api.get(`${COMPLAINTS}/${randomUUID()}/attachments/${upload.body.id}`, {
        token: coordinator.token,
      });
      expect(attachmentsOfOther.status).toBe(404);
    });

    it('refuses an analyst every complaint route (403) and anyone without a token (401)', async () => {
      const complaint = await createComplaint(api, caseworkerA);
      const id = complaint.id as string;
      const routes: Array<[string, string, unknown?]> = [
        ['POST', COMPLAINTS, {}],
        ['GET', COMPLAINTS],
        ['GET', `${COMPLAINTS}/${id}`],
        ['PATCH', `${COMPLAINTS}/${id}`, { priority: 'low' }],
        ['POST', `${COMPLAINTS}/${id}/transitions`, { to: 'triage' }],
        ['POST', `${COMPLAINTS}/${id}/assign`, { userId: caseworkerA.id }],
        ['GET', `${COMPLAINTS}/${id}/notes`],
        ['POST', `${COMPLAINTS}/${id}/notes`, { body: 'x' }],
        ['GET', `${COMPLAINTS}/${id}/timeline`],
        ['GET', `${COMPLAINTS}/${id}/attachments`],
        ['POST', `${COMPLAINTS}/${id}/attachments`],
        ['GET', `${COMPLAINTS}/${id}/attachments/${randomUUID()}`],
        ['POST', `${COMPLAINTS}/${id}/clock/pause`],
        ['POST', `${COMPLAINTS}/${id}/clock/resume`],
      ];
      for (const [method, path, body] of routes) {
        expect((await api.request(method, path, { token: analyst.token, body })).status, `${method} ${path}`).toBe(403);
        expect((await api.request(method, path, { body })).status, `${method} ${path}`).toBe(401);
      }
    });
  });
});
