import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintsService, complaintSourceOf } from '@mc/complaints';
import { WorkersService, type CreateWorkerInput } from '@mc/migrants';
import { recordScopeOf } from '@mc/access';
import { AuditService, createdByOf, type AnyActor, type CreatingActor } from '@mc/security';
import { insertEmployer } from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';

/*
 * Any actor, any source (issue 10): the intake page, the Telegram bot and a partner are actors
 * too. A record they create names no user as its creator, its source follows from who made it,
 * and timeline and audit rows say which kind of actor it was; none of them can reach existing
 * records through the staff scope rules.
 */
describe('actors other than staff users', () => {
  let api: TestApi;
  let db: DataSource;
  const intake: CreatingActor = { kind: 'public' };
  const bot: CreatingActor = { kind: 'bot', channel: 'telegram' };

  beforeAll(async () => {
    api = await createTestApi();
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  const workerInput = (): CreateWorkerInput => ({
    fullName: 'Оксана Коваль',
    preferredLanguage: 'uk',
    phone: `+38050${randomInt(1_000_000, 9_999_999)}`,
    countryOfWork: 'PL',
    residenceStatus: 'temporary_protection',
    consent: { dataProcessing: true, contactChannels: ['phone'] },
  });

  it('derives the complaint source and the creator from the actor', () => {
    expect(complaintSourceOf({ kind: 'user', userId: 'u', role: 'caseworker', sessionId: 's' })).toBe('caseworker');
    expect(complaintSourceOf(intake)).toBe('public_intake');
    expect(complaintSourceOf(bot)).toBe('telegram');
    expect(complaintSourceOf({ kind: 'partner', partnerId: 'p' })).toBe('partner');
    expect(createdByOf({ kind: 'user', userId: 'u', role: 'admin', sessionId: 's' })).toBe('u');
    expect(createdByOf(bot)).toBeNull();
    const scopes = (['public', 'anonymous'] as const).map((kind) => recordScopeOf({ kind } as AnyActor).kind);
    expect(scopes).toEqual(['none', 'none']);
    expect(recordScopeOf({ kind: 'system' }).kind).toBe('all');
  });

  it('lets the intake page create a worker record: no creator, audited as public', async () => {
    const { worker: created } = await api.app.get(WorkersService).create(workerInput(), intake);
    const [row] = (await db.query(`SELECT created_by FROM migrant_workers WHERE id = $1`, [created.id])) as [
      { created_by: string | null },
    ];
    expect(row.created_by).toBeNull();
    const [audit] = (await db.query(
      `SELECT actor_type, actor_id FROM audit_events WHERE action = 'worker.create' AND entity_id = $1`,
      [created.id],
    )) as [{ actor_type: string; actor_id: string | null }];
    expect(audit).toEqual({ actor_type: 'public', actor_id: null });
  });

  it('records the bot as an actor of its own in the audit chain, which still verifies', async () => {
    const audit = api.app.get(AuditService);
    await audit.record({ actor: bot, action: 'test.bot-actor', entityType: 'test', entityId: null });
    const [row] = (await db.query(
      `SELECT actor_type, actor_id FROM audit_events WHERE action = 'test.bot-actor' ORDER BY seq DESC LIMIT 1`,
    )) as [{ actor_type: string; actor_id: string | null }];
    expect(row).toEqual({ actor_type: 'bot', actor_id: null });
    expect((await audit.verify()).ok).toBe(true);
  });

  it('does not let an actor without an account name an existing worker in a new complaint', async () => {
    const { worker } = await api.app.get(WorkersService).create(workerInput(), intake);
    const employer = await insertEmployer(db);
    await expect(
      api.app.get(ComplaintsService).create(
        {
          workerIds: [worker.id],
          employerId: employer.id,
          categories: ['unpaid_wages'],
          summary: 'Wages for March not paid',
          countryOfWork: 'PL',
        },
        bot,
      ),
    ).rejects.toMatchObject({
      code: 'complaint.unusable-references',
      fields: [{ field: 'workerIds.0', message: 'Unknown worker' }],
    });
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM complaint_workers WHERE worker_id = $1`, [
      worker.id,
    ])) as [{ n: number }];
    expect(n).toBe(0);
  });
});
