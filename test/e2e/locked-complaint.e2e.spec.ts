import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ComplaintChangeListeners,
  ComplaintCipherService,
  ComplaintError,
  ComplaintsService,
  LockedComplaints,
  complaintAad,
  type Complaint,
  type ComplaintChangeListener,
  type ComplaintView,
  type CreateComplaintInput,
  type LockedComplaintPlanner,
  type TimelineActor,
} from '@mc/complaints';
import { UsersService, type UserActor } from '@mc/security';
import { insertEmployer, insertWorker } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';

/*
 * LockedComplaints.withLockedComplaint against the real database: every write of a change (the
 * update with its version bump, timeline events, deadlines, the audit row) is checked as rows in
 * Postgres, the change listeners as a listener registered on the app's registry, and the row lock
 * as a second change that Postgres itself reports as blocked by the first.
 */

type Plan = Exclude<Awaited<ReturnType<LockedComplaintPlanner>>, null>;

/** A backend waiting on another, as pg_stat_activity and pg_locks show it. */
interface Blocked {
  readonly query: string;
  readonly wait_event_type: string;
  /** The waiter's ungranted locks. */
  readonly locks: Array<{ locktype: string; mode: string; granted: boolean }>;
  /** The modes the blocking backend holds on the complaints table. */
  readonly holderLocks: string[];
}

/** What a test listener was told, and what it could see at that moment. */
interface Heard {
  readonly kind: 'statusChanged' | 'clockPaused' | 'clockResumed' | 'deadlinesChanged';
  readonly complaint: Complaint;
  readonly actor: TimelineActor;
  readonly args: unknown[];
  /** Read through the manager the listener received (the change's own transaction). */
  readonly inTransaction: { version: number; status: string; auditActions: string[]; timeline: string[] };
  /** Read on another connection at the same moment: the change is not committed yet. */
  readonly outside: { version: number };
  /** ComplaintCipherService.openKey calls since the test started counting (see `countKeys`). */
  readonly keysOpened: number;
}

describe('LockedComplaints.withLockedComplaint (real Postgres)', () => {
  let api: TestApi;
  let ds: DataSource;
  let locked: LockedComplaints;
  let listeners: ComplaintChangeListeners;
  let cipher: ComplaintCipherService;
  let actor: UserActor;
  const registered: ComplaintChangeListener[] = [];
  let openKeyCalls: () => number = () => 0;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    api = await createTestApi();
    ds = api.app.get(DataSource);
    locked = api.app.get(LockedComplaints, { strict: false });
    listeners = api.app.get(ComplaintChangeListeners);
    cipher = api.app.get(ComplaintCipherService);
    const user = await api.app.get(UsersService).create(
      {
        email: `locked-${randomBytes(4).toString('hex')}@test.local`,
        displayName: 'Locked test caseworker',
        role: 'caseworker',
        password: 'correct horse battery',
      },
      null,
    );
    actor = { kind: 'user', userId: user.id, role: 'caseworker', sessionId: randomUUID() };
  });
  afterEach(() => {
    for (const listener of registered.splice(0)) listeners.unregister(listener);
    vi.restoreAllMocks();
    openKeyCalls = () => 0;
  });
  afterAll(() => api.close());

  async function newComplaint(overrides: Partial<CreateComplaintInput> = {}): Promise<ComplaintView> {
    const worker = await insertWorker(ds, { createdBy: actor.userId, countryOfWork: 'DE' });
    const employer = await insertEmployer(ds);
    return api.app.get(ComplaintsService).create(
      {
        workerIds: [worker.id],
        employerId: employer.id,
        categories: ['unlawful_dismissal'],
        summary: 'Dismissed after asking for the overtime pay',
        countryOfWork: 'DE',
        region: 'DE-NW',
        ...overrides,
      },
      actor,
    );
  }

  const row = async (id: string): Promise<Record<string, any>> =>
    ((await ds.query(`SELECT * FROM complaints WHERE id = $1`, [id])) as Record<string, any>[])[0]!;
  const timeline = (id: string): Promise<Array<{ type: string; data: object; actor_type: string; actor_id: string }>> =>
    ds.query(`SELECT type, data, actor_type, actor_id FROM timeline_events WHERE complaint_id = $1 ORDER BY seq`, [id]);
  const audits = (
    id: string,
  ): Promise<Array<{ action: string; details: object; actor_type: string; actor_id: string; request_id: string }>> =>
    ds.query(
      `SELECT action, details, actor_type, actor_id, request_id
         FROM audit_events WHERE entity_type = 'complaint' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
  const storedDeadlines = (id: string) =>
    ds.query(
      `SELECT id, rule_id, event_date::text, due_date::text, computed_at
         FROM complaint_deadlines WHERE complaint_id = $1 ORDER BY rule_id`,
      [id],
    ) as Promise<Array<{ id: string; rule_id: string; event_date: string; due_date: string; computed_at: Date }>>;
  /** Everything a change could have written for the complaint. */
  const state = async (id: string) => ({
    row: await row(id),
    timeline: await timeline(id),
    audits: await audits(id),
    deadlines: await storedDeadlines(id),
  });
  const decrypt = (stored: Record<string, any>, column: 'summary' | 'facts' | 'statusReason', value: string | null) =>
    cipher.decrypt(
      cipher.openKey({
        id: stored.id,
        dataKeyWrapped: stored.data_key_wrapped,
        dataKeyMasterId: stored.data_key_master_id,
      }),
      value,
      complaintAad[column](stored.id),
    );

  /** Counts ComplaintCipherService.openKey calls from now on (the real method still runs). */
  function countKeys(): void {
    const spy = vi.spyOn(cipher, 'openKey');
    openKeyCalls = () => spy.mock.calls.length;
  }

  /** Registers a listener that records every event about `complaintId`; unregistered after the test. */
  function listen(complaintId: string, options: { throwOn?: Heard['kind'] } = {}): Heard[] {
    const heard: Heard[] = [];
    const record = async (
      kind: Heard['kind'],
      manager: EntityManager,
      complaint: Complaint,
      actor: TimelineActor,
      args: unknown[],
    ) => {
      if (complaint.id !== complaintId) return;
      const [inTx] = (await manager.query(`SELECT version, status FROM complaints WHERE id = $1`, [complaint.id])) as [
        { version: number; status: string },
      ];
      const auditRows = (await manager.query(
        `SELECT action FROM audit_events WHERE entity_type = 'complaint' AND entity_id = $1 ORDER BY seq`,
        [complaint.id],
      )) as Array<{ action: string }>;
      const events = (await manager.query(`SELECT type FROM timeline_events WHERE complaint_id = $1 ORDER BY seq`, [
        complaint.id,
      ])) as Array<{ type: string }>;
      const [outside] = (await ds.query(`SELECT version FROM complaints WHERE id = $1`, [complaint.id])) as [
        { version: number },
      ];
      heard.push({
        kind,
        complaint,
        actor,
        args,
        inTransaction: {
          version: inTx.version,
          status: inTx.status,
          auditActions: auditRows.map((r) => r.action),
          timeline: events.map((e) => e.type),
        },
        outside,
        keysOpened: openKeyCalls(),
      });
      if (options.throwOn === kind) throw new Error(`test listener refuses ${kind}`);
    };
    const listener: ComplaintChangeListener = {
      statusChanged: (m, c, from, to, a) => record('statusChanged', m, c, a, [from, to]),
      clockPaused: (m, c, a) => record('clockPaused', m, c, a, []),
      clockResumed: (m, c, seconds, a) => record('clockResumed', m, c, a, [seconds]),
      deadlinesChanged: (m, c, deadlines, a) =>
        record('deadlinesChanged', m, c, a, [deadlines.map((d) => [d.ruleId, d.eventDate])]),
    };
    listeners.register(listener);
    registered.push(listener);
    return heard;
  }

  /** The plan of the old fake-based test: status, a reason, two events, an audit with details, deadlines. */
  const escalation = (dismissal: string): Plan => ({
    patch: { status: 'escalated', dismissalNoticeReceived: dismissal },
    text: { statusReason: 'Employer ignored the written claim' },
    timeline: [
      { type: 'test.first', data: {} },
      { type: 'test.second', data: { n: 1 } },
    ],
    audit: { action: 'complaint.test', details: { n: 1 } },
    recomputeDeadlines: true,
    event: { kind: 'statusChanged', from: 'new', to: 'escalated' },
  });

  it('writes update (version bump, updated_at = the planner’s instant), timeline, deadlines, audit, then tells listeners in the same transaction', async () => {
    const created = await newComplaint();
    const before = await state(created.id);
    const heard = listen(created.id);
    const dismissal = `${year}-01-05`;
    let seen: Date | undefined;

    const view = await locked.withLockedComplaint(
      { id: created.id, actor, meta: { requestId: 'req-full' }, expectedVersion: created.version },
      ({ now, complaint }) => {
        expect(complaint.version).toBe(created.version);
        seen = now;
        return escalation(dismissal);
      },
    );
    const after = await state(created.id);

    // The update: the planned columns, the version bumped by one, updated_at the planner's instant;
    // no other column touched.
    expect(after.row.version).toBe(before.row.version + 1);
    expect((after.row.updated_at as Date).getTime()).toBe(seen!.getTime());
    expect(after.row.status).toBe('escalated');
    const changedColumns = ['version', 'updated_at', 'status', 'dismissal_notice_received', 'status_reason_enc'];
    const unchanged = (r: Record<string, any>) =>
      Object.fromEntries(Object.entries(r).filter(([column]) => !changedColumns.includes(column)));
    expect(unchanged(after.row)).toEqual(unchanged(before.row));
    expect(
      (await ds.query(`SELECT dismissal_notice_received::text AS d FROM complaints WHERE id = $1`, [created.id]))[0].d,
    ).toBe(dismissal);

    // The planned events in plan order right after the existing ones, then the recomputation's.
    expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
    const added = after.timeline.slice(before.timeline.length);
    expect(added.map((e) => [e.type, e.data])).toEqual([
      ['test.first', {}],
      ['test.second', { n: 1 }],
      ['deadlines.computed', { ruleIds: ['de.kschg.4'], dueDates: [after.deadlines[0]!.due_date] }],
    ]);
    expect(added.every((e) => e.actor_type === 'user' && e.actor_id === actor.userId)).toBe(true);

    // Deadlines recomputed from the stored row (the new key date).
    expect(before.deadlines).toEqual([]);
    expect(after.deadlines.map((d) => [d.rule_id, d.event_date])).toEqual([['de.kschg.4', dismissal]]);

    // One audit row: the plan's action and details, the actor, the request meta.
    expect(after.audits.slice(before.audits.length)).toEqual([
      {
        action: 'complaint.test',
        details: { n: 1 },
        actor_type: 'user',
        actor_id: actor.userId,
        request_id: 'req-full',
      },
    ]);

    // Listeners: status first, then deadlines (the recomputation changed something). Both ran
    // inside the change's transaction: through their manager the update, the audit row and every
    // timeline event are already there, while another connection still sees the old version.
    expect(heard.map((h) => [h.kind, h.args])).toEqual([
      ['statusChanged', ['new', 'escalated']],
      ['deadlinesChanged', [[['de.kschg.4', dismissal]]]],
    ]);
    for (const h of heard) {
      expect(h.actor).toEqual(actor);
      expect(h.complaint).toMatchObject({ id: created.id, version: created.version + 1, status: 'escalated' });
      expect(h.complaint.updatedAt.getTime()).toBe(seen!.getTime());
      expect(h.inTransaction).toEqual({
        version: created.version + 1,
        status: 'escalated',
        auditActions: ['complaint.create', 'complaint.test'],
        timeline: [...before.timeline.map((e) => e.type), 'test.first', 'test.second', 'deadlines.computed'],
      });
      expect(h.outside.version).toBe(created.version);
    }

    // The answer is the changed row.
    expect(view).toMatchObject({
      id: created.id,
      version: created.version + 1,
      status: 'escalated',
      statusReason: 'Employer ignored the written claim',
      summary: created.summary,
      keyDates: { dismissalNoticeReceived: dismissal },
      deadlines: [expect.objectContaining({ ruleId: 'de.kschg.4', eventDate: dismissal })],
    });
    expect(view.updatedAt.getTime()).toBe(seen!.getTime());
  });

  it('stores planned text encrypted under the complaint’s key; clearing a text needs no key', async () => {
    const created = await newComplaint();
    const reason = 'Employer ignored the written claim';
    await locked.withLockedComplaint({ id: created.id, actor }, () => escalation(`${year}-01-05`));

    const stored = await row(created.id);
    expect(stored.status_reason_enc).not.toBeNull();
    expect(stored.status_reason_enc).not.toContain(reason);
    expect(decrypt(stored, 'statusReason', stored.status_reason_enc)).toBe(reason);
    expect((await api.app.get(ComplaintsService).get(created.id, actor)).statusReason).toBe(reason);

    // Clearing: the column becomes NULL and no data key was opened before the listeners ran
    // (the answered view opens it afterwards to decrypt).
    const heard = listen(created.id);
    countKeys();
    const view = await locked.withLockedComplaint({ id: created.id, actor }, () => ({
      patch: { status: 'open' },
      text: { statusReason: null },
      timeline: [{ type: 'test.cleared', data: {} }],
      audit: { action: 'complaint.test' },
      event: { kind: 'statusChanged', from: 'escalated', to: 'open' },
    }));
    expect((await row(created.id)).status_reason_enc).toBeNull();
    expect(view.statusReason).toBeNull();
    expect(heard.map((h) => [h.kind, h.keysOpened])).toEqual([['statusChanged', 0]]);
  });

  it('reads the old text and writes new text with one opening of the data key', async () => {
    const created = await newComplaint();
    const before = await row(created.id);
    const heard = listen(created.id);
    countKeys();
    let read: unknown[] = [];
    const view = await locked.withLockedComplaint({ id: created.id, actor }, ({ texts }) => {
      read = [texts.read('summary'), texts.read('facts')];
      return {
        patch: { status: 'triage' },
        text: { summary: 'Dismissed the day after the claim', facts: 'Claim sent by registered mail' },
        timeline: [],
        audit: { action: 'complaint.test' },
        event: { kind: 'statusChanged', from: 'new', to: 'triage' },
      };
    });
    expect(read).toEqual(['Dismissed after asking for the overtime pay', null]);
    expect(heard.map((h) => [h.kind, h.keysOpened])).toEqual([['statusChanged', 1]]);

    const stored = await row(created.id);
    expect(stored.summary_enc).not.toBe(before.summary_enc);
    expect(stored.summary_enc).not.toContain('Dismissed the day');
    expect(stored.facts_enc).not.toContain('registered mail');
    expect(decrypt(stored, 'summary', stored.summary_enc)).toBe('Dismissed the day after the claim');
    expect(decrypt(stored, 'facts', stored.facts_enc)).toBe('Claim sent by registered mail');
    expect(view).toMatchObject({
      summary: 'Dismissed the day after the claim',
      facts: 'Claim sent by registered mail',
    });
  });

  it('refuses a stale expected version with complaint.stale-version before planning, and writes nothing', async () => {
    const created = await newComplaint();
    // Someone else changes the complaint after the client read version 1.
    await locked.withLockedComplaint({ id: created.id, actor }, () => ({
      patch: { priority: 'high' },
      timeline: [],
      audit: { action: 'complaint.test' },
    }));
    const before = await state(created.id);
    expect(before.row.version).toBe(created.version + 1);
    const heard = listen(created.id);
    let planned = false;

    const error = await locked
      .withLockedComplaint({ id: created.id, actor, expectedVersion: created.version }, () => {
        planned = true;
        return escalation(`${year}-01-05`);
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ComplaintError);
    expect(error).toMatchObject({ code: 'complaint.stale-version', details: { currentVersion: before.row.version } });
    expect(planned).toBe(false);
    expect(await state(created.id)).toEqual(before);
    expect(heard).toEqual([]);
  });

  it('writes nothing and answers the current row when the planner finds no change', async () => {
    const created = await newComplaint();
    const before = await state(created.id);
    const heard = listen(created.id);

    const view = await locked.withLockedComplaint(
      { id: created.id, actor, expectedVersion: created.version },
      () => null,
    );

    expect(await state(created.id)).toEqual(before);
    expect(heard).toEqual([]);
    expect(view).toEqual(created);
  });

  it("runs inside the caller's transaction: rolled back by the caller, nothing of the change remains", async () => {
    const created = await newComplaint();
    const before = await state(created.id);
    const heard = listen(created.id);
    const rollback = new Error('the caller rolls back');
    let insideCaller: { version: number } | undefined;
    let outsideCaller: { version: number } | undefined;

    await expect(
      ds.transaction(async (manager) => {
        const view = await locked.withLockedComplaint({ id: created.id, actor, manager }, () =>
          escalation(`${year}-01-05`),
        );
        expect(view.version).toBe(created.version + 1);
        [insideCaller] = await manager.query(`SELECT version FROM complaints WHERE id = $1`, [created.id]);
        // Not committed by a transaction of its own: another connection still sees the old row.
        [outsideCaller] = await ds.query(`SELECT version FROM complaints WHERE id = $1`, [created.id]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);

    expect(insideCaller).toEqual({ version: created.version + 1 });
    expect(outsideCaller).toEqual({ version: created.version });
    expect(heard.map((h) => h.kind)).toEqual(['statusChanged', 'deadlinesChanged']);
    expect(await state(created.id)).toEqual(before);
  });

  it('rolls the whole change back when a listener fails', async () => {
    const created = await newComplaint();
    const before = await state(created.id);
    const heard = listen(created.id, { throwOn: 'statusChanged' });

    await expect(
      locked.withLockedComplaint({ id: created.id, actor }, () => escalation(`${year}-01-05`)),
    ).rejects.toThrow('test listener refuses statusChanged');

    // The listener saw the writes inside the transaction; none of them survived it.
    expect(heard.map((h) => [h.kind, h.inTransaction.version])).toEqual([['statusChanged', created.version + 1]]);
    expect(await state(created.id)).toEqual(before);
  });

  it('skips what the plan does not ask for; an audit without details stores empty details', async () => {
    const created = await newComplaint();
    const before = await state(created.id);
    const heard = listen(created.id);
    let seen: Date | undefined;

    await locked.withLockedComplaint({ id: created.id, actor, meta: { requestId: 'req-pause' } }, ({ now }) => {
      seen = now;
      return {
        // A key date changes, but the plan does not ask for deadlines: none are computed.
        patch: { clockPausedAt: now, dismissalNoticeReceived: `${year}-01-05` },
        timeline: [{ type: 'clock.paused', data: {} }],
        audit: { action: 'complaint.clock_pause' },
        event: { kind: 'clockPaused' },
      };
    });
    const after = await state(created.id);

    expect((after.row.clock_paused_at as Date).getTime()).toBe(seen!.getTime());
    expect(after.timeline.slice(before.timeline.length).map((e) => e.type)).toEqual(['clock.paused']);
    expect(after.deadlines).toEqual([]);
    expect(after.audits.slice(before.audits.length)).toEqual([
      {
        action: 'complaint.clock_pause',
        details: {},
        actor_type: 'user',
        actor_id: actor.userId,
        request_id: 'req-pause',
      },
    ]);
    expect(heard.map((h) => [h.kind, h.args])).toEqual([['clockPaused', []]]);
  });

  it('tells deadline listeners only when the recomputation changed something', async () => {
    const created = await newComplaint({ keyDates: { dismissalNoticeReceived: `${year}-01-05` } });
    const before = await state(created.id);
    expect(before.deadlines.map((d) => d.rule_id)).toEqual(['de.kschg.4']);
    const heard = listen(created.id);

    await locked.withLockedComplaint({ id: created.id, actor }, () => ({
      patch: { priority: 'urgent' },
      timeline: [{ type: 'test.priority', data: {} }],
      audit: { action: 'complaint.test' },
      recomputeDeadlines: true,
    }));
    const after = await state(created.id);

    expect(after.row.priority).toBe('urgent');
    expect(after.deadlines).toEqual(before.deadlines);
    expect(after.timeline.slice(before.timeline.length).map((e) => e.type)).toEqual(['test.priority']);
    expect(heard).toEqual([]);
  });

  it('locks the row FOR UPDATE: a second change of the complaint waits until the first commits', async () => {
    const created = await newComplaint();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstPlanning!: (pid: number) => void;
    const firstPid = new Promise<number>((resolve) => (firstPlanning = resolve));

    const first = locked.withLockedComplaint({ id: created.id, actor }, async ({ manager, complaint }) => {
      const [{ pid }] = (await manager.query(`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }];
      order.push(`first plans at v${complaint.version}`);
      firstPlanning(pid);
      await gate;
      return { patch: { priority: 'high' }, timeline: [], audit: { action: 'complaint.test.first' } };
    });
    const pid = await firstPid;

    const second = locked.withLockedComplaint({ id: created.id, actor }, ({ complaint }) => {
      order.push(`second plans at v${complaint.version} (priority ${complaint.priority})`);
      return { patch: { priority: 'urgent' }, timeline: [], audit: { action: 'complaint.test.second' } };
    });

    // Postgres itself says the second change's backend is blocked by the first's transaction.
    const waiting = await blockedBy(pid, () => order.some((step) => step.startsWith('second plans'))).catch(
      (error: unknown) => error as Error,
    );
    if (!(waiting instanceof Error)) order.push('second blocked by first');
    order.push('first released');
    release();
    // Both changes end (commit or fail) before the test does, whatever it found.
    const [firstView, secondView] = await Promise.all([first, second]);
    if (waiting instanceof Error) throw waiting;

    // A SELECT waiting for the first transaction to end: only a locking read (FOR UPDATE/SHARE)
    // waits for a row another transaction holds; the first holds the row-share lock on complaints
    // that SELECT ... FOR UPDATE takes. (pg_stat_activity cuts the query text at 1 kB, before its
    // FOR UPDATE.)
    expect(waiting).toMatchObject({ wait_event_type: 'Lock', query: expect.stringMatching(/^SELECT "c"\."id"/) });
    expect(waiting.locks).toContainEqual({ locktype: 'transactionid', mode: 'ShareLock', granted: false });
    expect(waiting.holderLocks).toContain('RowShareLock');
    // The second planner ran only after the first committed: it saw the first's row (version and
    // priority), which READ COMMITTED shows only once the first transaction has committed.
    expect(order).toEqual([
      `first plans at v${created.version}`,
      'second blocked by first',
      'first released',
      `second plans at v${created.version + 1} (priority high)`,
    ]);
    expect(firstView.version).toBe(created.version + 1);
    expect(secondView).toMatchObject({ version: created.version + 2, priority: 'urgent' });
    expect((await audits(created.id)).map((a) => a.action)).toEqual([
      'complaint.create',
      'complaint.test.first',
      'complaint.test.second',
    ]);
  });

  /**
   * The backend whose query waits on a lock held by backend `pid`, with its ungranted locks and
   * the locks `pid` holds on complaints; fails after `timeoutMs`, or at once when `passed()` says
   * the change that should wait got through.
   */
  async function blockedBy(pid: number, passed: () => boolean, timeoutMs = 5_000): Promise<Blocked> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (passed()) throw new Error(`the second change went ahead while backend ${pid} held the complaint`);
      const [waiting] = (await ds.query(
        `SELECT pid, query, wait_event_type FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [pid],
      )) as Array<{ pid: number; query: string; wait_event_type: string }>;
      if (waiting) {
        const locks = (await ds.query(`SELECT locktype, mode, granted FROM pg_locks WHERE pid = $1 AND NOT granted`, [
          waiting.pid,
        ])) as Blocked['locks'];
        const held = (await ds.query(
          `SELECT mode FROM pg_locks WHERE pid = $1 AND relation = 'complaints'::regclass AND granted`,
          [pid],
        )) as Array<{ mode: string }>;
        return {
          query: waiting.query,
          wait_event_type: waiting.wait_event_type,
          locks,
          holderLocks: held.map((l) => l.mode),
        };
      }
      if (Date.now() > until) throw new Error(`no query waited on backend ${pid} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
