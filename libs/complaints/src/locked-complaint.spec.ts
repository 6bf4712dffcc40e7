import { describe, expect, it } from 'vitest';
import type { UserActor } from '@mc/security';
import type { ComplaintChangePlan } from './complaint-change-plan.js';
import { ComplaintChangeListeners } from './complaint-change-listeners.js';
import { ComplaintError } from './complaint-errors.js';
import type { Complaint } from './complaint.entity.js';
import { LockedComplaints, type LockedComplaintPlanner } from './locked-complaint.js';

/*
 * The helper's contract without a database: fakes record every call, so the order of writes
 * (which lock ordering and the audit chain depend on) is asserted exactly.
 */

const actor: UserActor = { kind: 'user', userId: 'u-1', role: 'caseworker', sessionId: 's-1' };

function row(overrides: Partial<Complaint> = {}): Complaint {
  return {
    id: 'c-1',
    version: 3,
    status: 'open',
    summaryEnc: 'enc(old summary)',
    factsEnc: null,
    statusReasonEnc: 'enc(old reason)',
    ...overrides,
  } as Complaint;
}

function setUp(options: { locked?: Complaint; deadlinesChanged?: boolean } = {}) {
  const calls: string[] = [];
  const writes: Record<string, unknown> = {};
  const locked = options.locked ?? row();
  const manager = {
    update: (_entity: unknown, where: unknown, values: Record<string, unknown>) => {
      calls.push('update');
      writes.update = { where, values };
    },
    findOneByOrFail: () => {
      calls.push('reload');
      return { ...locked, version: locked.version + 1 };
    },
  };
  let transactions = 0;
  const db = {
    transaction: (run: (m: unknown) => unknown) => {
      transactions++;
      return run(manager);
    },
  };
  const access = {
    findInScope: (_m: unknown, id: string, _a: unknown, lock: unknown) => {
      calls.push(`lock:${id}:${JSON.stringify(lock)}`);
      return locked;
    },
  };
  let keysOpened = 0;
  const cipher = {
    openKey: () => {
      keysOpened++;
      return Buffer.alloc(0);
    },
    encrypt: (_k: Buffer, value: string) => `enc(${value})`,
    decrypt: (_k: Buffer, value: string | null) => (value === null ? null : value.slice(4, -1)),
  };
  const views = { one: (_m: unknown, c: Complaint) => ({ id: c.id, version: c.version }) };
  const timeline = {
    record: (_m: unknown, _id: string, _a: unknown, type: string) => {
      calls.push(`timeline:${type}`);
    },
  };
  const audit = {
    record: (entry: Record<string, unknown>) => {
      calls.push(`audit:${String(entry.action)}`);
      writes.audit = entry;
    },
  };
  const deadlines = {
    recompute: () => {
      calls.push('deadlines');
      return { changed: options.deadlinesChanged ?? true, deadlines: [] };
    },
  };
  const listeners = new ComplaintChangeListeners();
  listeners.register({
    statusChanged: async (_m, _c, from, to) => void calls.push(`listener:status:${from}->${to}`),
    clockPaused: async () => void calls.push('listener:clockPaused'),
    clockResumed: async (_m, _c, seconds) => void calls.push(`listener:clockResumed:${seconds}`),
    deadlinesChanged: async () => void calls.push('listener:deadlines'),
  });
  const helper = new LockedComplaints(
    db as never,
    access as never,
    cipher as never,
    timeline as never,
    deadlines as never,
    audit as never,
    listeners,
    views as never,
  );
  return {
    helper,
    calls,
    writes,
    manager,
    transactions: () => transactions,
    keysOpened: () => keysOpened,
  };
}

const fullPlan: ComplaintChangePlan = {
  patch: { status: 'escalated' },
  text: { statusReason: 'why' },
  timeline: [
    { type: 'first', data: {} },
    { type: 'second', data: { n: 1 } },
  ],
  audit: { action: 'complaint.test', details: { n: 1 } },
  recomputeDeadlines: true,
  event: { kind: 'statusChanged', from: 'open', to: 'escalated' },
};

describe('LockedComplaints.withLockedComplaint', () => {
  it('locks, then writes update → timeline → deadlines → audit → listeners, and answers the changed row', async () => {
    const t = setUp();
    const view = await t.helper.withLockedComplaint({ id: 'c-1', actor }, () => fullPlan);
    expect(t.calls).toEqual([
      'lock:c-1:{"lock":true}',
      'update',
      'timeline:first',
      'timeline:second',
      'reload',
      'deadlines',
      'audit:complaint.test',
      'listener:status:open->escalated',
      'listener:deadlines',
    ]);
    expect(view).toEqual({ id: 'c-1', version: 4 });
    expect(t.transactions()).toBe(1);
  });

  it('stamps updatedAt with the instant the planner saw and encrypts planned text', async () => {
    const t = setUp();
    let seen: Date | undefined;
    await t.helper.withLockedComplaint({ id: 'c-1', actor }, ({ now }) => {
      seen = now;
      return fullPlan;
    });
    expect(t.writes.update).toEqual({
      where: { id: 'c-1' },
      values: { status: 'escalated', statusReasonEnc: 'enc(why)', updatedAt: seen },
    });
  });

  it('clears a text without opening the data key', async () => {
    const t = setUp();
    await t.helper.withLockedComplaint({ id: 'c-1', actor }, () => ({ ...fullPlan, text: { statusReason: null } }));
    expect((t.writes.update as { values: object }).values).toMatchObject({ statusReasonEnc: null });
    expect(t.keysOpened()).toBe(0);
  });

  it('opens the data key once for reading and writing text', async () => {
    const t = setUp();
    await t.helper.withLockedComplaint({ id: 'c-1', actor }, ({ texts }) => {
      expect(texts.read('summary')).toBe('old summary');
      expect(texts.read('facts')).toBeNull();
      return { ...fullPlan, text: { summary: 'new', facts: 'more' } };
    });
    expect((t.writes.update as { values: object }).values).toMatchObject({
      summaryEnc: 'enc(new)',
      factsEnc: 'enc(more)',
    });
    expect(t.keysOpened()).toBe(1);
  });

  it('refuses a stale version before planning or writing anything', async () => {
    const t = setUp();
    let planned = false;
    const planner: LockedComplaintPlanner = () => {
      planned = true;
      return fullPlan;
    };
    const error = await t.helper
      .withLockedComplaint({ id: 'c-1', actor, expectedVersion: 2 }, planner)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplaintError);
    expect(error).toMatchObject({ code: 'complaint.stale-version', details: { currentVersion: 3 } });
    expect(planned).toBe(false);
    expect(t.calls).toEqual(['lock:c-1:{"lock":true}']);
  });

  it('writes nothing and answers the locked row when the planner finds no change', async () => {
    const t = setUp();
    const view = await t.helper.withLockedComplaint({ id: 'c-1', actor, expectedVersion: 3 }, () => null);
    expect(t.calls).toEqual(['lock:c-1:{"lock":true}']);
    expect(view).toEqual({ id: 'c-1', version: 3 });
  });

  it("runs in the caller's transaction when given its manager", async () => {
    const t = setUp();
    await t.helper.withLockedComplaint({ id: 'c-1', actor, manager: t.manager as never }, () => fullPlan);
    expect(t.transactions()).toBe(0);
    expect(t.calls).toContain('update');
  });

  it('skips what the plan does not ask for; an audit without details has no details key', async () => {
    const t = setUp();
    await t.helper.withLockedComplaint({ id: 'c-1', actor, meta: { requestId: 'r-1' } }, () => ({
      patch: { clockPausedAt: new Date(0) },
      timeline: [{ type: 'clock.paused', data: {} }],
      audit: { action: 'complaint.clock_pause' },
      event: { kind: 'clockPaused' },
    }));
    expect(t.calls).toEqual([
      'lock:c-1:{"lock":true}',
      'update',
      'timeline:clock.paused',
      'reload',
      'audit:complaint.clock_pause',
      'listener:clockPaused',
    ]);
    expect(t.writes.audit).toEqual({
      actor,
      action: 'complaint.clock_pause',
      entityType: 'complaint',
      entityId: 'c-1',
      meta: { requestId: 'r-1' },
    });
  });

  it('tells deadline listeners only when the recomputation changed something', async () => {
    const t = setUp({ deadlinesChanged: false });
    await t.helper.withLockedComplaint({ id: 'c-1', actor }, () => ({ ...fullPlan, event: undefined }));
    expect(t.calls.slice(-2)).toEqual(['deadlines', 'audit:complaint.test']);
  });
});
