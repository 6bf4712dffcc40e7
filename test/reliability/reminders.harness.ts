import { randomBytes, randomInt } from 'node:crypto';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { expect, inject } from 'vitest';
import { ReminderJobs } from '@mc/escalations';
import { QUEUES_BY_NAME, type QueuesByName } from '@mc/queue';
import {
  createDatabase,
  dropDatabase,
  migrateDatabase,
  randomTestDatabaseName,
  startBotApiStub,
  startSmtpServer,
  waitFor,
  type BotRequest,
  type ReceivedMail,
} from '@mc/testing';
import { createTestApi, type TestApi } from '../support/test-api.js';
import { createComplaint, type TestUser } from '../e2e/complaints.helpers.js';

export const BOT_TOKEN = '456:reminders';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKER_MAIN = join(repoRoot, 'apps', 'worker', 'dist', 'main.js');
export const REPO_ROOT = repoRoot;

export interface ReminderRow {
  id: string;
  status: 'pending' | 'sent' | 'cancelled';
  fire_at: Date;
  sent_at: Date | null;
}

export interface StepRef {
  complaintId: string;
  stepId: string;
}

export interface DueStep extends StepRef {
  /** The complaint's own reference (MC-YYYY-NNNNN): every message about the step quotes it. */
  reference: string;
  dueAt: Date;
}

/**
 * One reminder test file's world: its own database (another file's worker must not fire or relay
 * this file's reminders into its own Redis prefix), an API with real SMTP and Bot API stubs, and
 * a caseworker with a Telegram chat.
 */
export class ReminderWorld {
  private constructor(
    readonly serverUrl: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly masterKey: string,
    readonly smtp: Awaited<ReturnType<typeof startSmtpServer>>,
    readonly bot: Awaited<ReturnType<typeof startBotApiStub>>,
    readonly api: TestApi,
    readonly db: DataSource,
    readonly redis: Redis,
    readonly caseworker: TestUser & { chatId: string },
  ) {}

  static async create(label: string): Promise<ReminderWorld> {
    const serverUrl = inject('databaseUrl');
    const databaseName = randomTestDatabaseName(`mc_test_${label}`);
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    await migrateDatabase(databaseUrl);
    const masterKey = randomBytes(32).toString('base64');
    const smtp = await startSmtpServer();
    const bot = await startBotApiStub();
    const api = await createTestApi({
      DATABASE_URL: databaseUrl,
      MASTER_KEY: masterKey,
      ...channelEnv(smtp.port, bot.port),
    });
    const db = api.app.get(DataSource);
    const redis = new Redis(api.config.redisUrl);
    const user = await api.userWithRole('caseworker');
    const chatId = String(randomInt(1_000_000, 2_000_000_000));
    await db.query(`UPDATE "users" SET "telegram_chat_id" = $1 WHERE "id" = $2`, [chatId, user.id]);
    return new ReminderWorld(serverUrl, databaseName, databaseUrl, masterKey, smtp, bot, api, db, redis, {
      ...user,
      chatId,
    });
  }

  async close(): Promise<void> {
    await this.api.close();
    await this.redis.quit();
    await new Promise<void>((resolve) => this.smtp.server.close(() => resolve()));
    await new Promise<void>((resolve) => this.bot.server.close(() => resolve()));
    await dropDatabase(this.serverUrl, this.databaseName);
  }

  /** Settings of a worker process of this world, with the same SMTP and Bot API as the in-process ones. */
  childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.api.config.redisUrl,
      REDIS_PREFIX: this.api.config.redisPrefix,
      MASTER_KEY: this.masterKey,
      DATA_DIR: this.api.config.dataDir,
      LOG_LEVEL: 'silent',
      ...channelEnv(this.smtp.port, this.bot.port),
      ...extra,
    };
  }

  remindersQueue(): Queue {
    return this.api.app.get<QueuesByName>(QUEUES_BY_NAME).get('reminders')!;
  }

  /**
   * An internal step reminding at its due time only, due `inMs` after the step is created: the
   * time is read after the complaint exists, so the setup requests never eat into it.
   */
  async stepDueIn(inMs: number, offsets = ['PT0S']): Promise<DueStep> {
    const complaint = await createComplaint(this.api, this.caseworker);
    const dueAt = new Date(Date.now() + inMs);
    const res = await this.api.post(
      `/api/v1/complaints/${complaint.id}/steps`,
      { type: 'demand_letter', dueAt: dueAt.toISOString(), reminderOffsets: offsets, assigneeId: this.caseworker.id },
      { token: this.caseworker.token },
    );
    expect(res.status, res.text).toBe(201);
    await this.api.app.get(ReminderJobs).idle();
    return { complaintId: complaint.id, stepId: res.body.id, reference: complaint.reference, dueAt };
  }

  /**
   * The reminder e-mails and Telegram messages sent about this step's complaint so far, whatever
   * other tests of the file sent (overdue reports are other notifications and are left out).
   */
  reminderMessages(step: DueStep): { mails: ReceivedMail[]; telegram: BotRequest[] } {
    const isReminder = (text: string) => text.includes(`${step.reference}: `) && !text.includes('is overdue');
    return {
      mails: this.smtp.mails.filter((m) => isReminder(m.raw.replace(/\r\n /g, ' '))),
      telegram: this.bot.requests.filter((m) => isReminder(m.text)),
    };
  }

  /** Moves a step's due date to `inMs` from now, through the API, as `token`'s user. */
  async moveStepDueIn(step: StepRef, inMs: number, token = this.caseworker.token): Promise<Date> {
    const dueAt = new Date(Date.now() + inMs);
    const res = await this.api.patch(
      `/api/v1/complaints/${step.complaintId}/steps/${step.stepId}`,
      { dueAt: dueAt.toISOString() },
      { token },
    );
    expect(res.status, res.text).toBe(200);
    await this.api.app.get(ReminderJobs).idle();
    return dueAt;
  }

  remindersOf(stepId: string): Promise<ReminderRow[]> {
    return this.db.query(
      `SELECT "id", "status", "fire_at", "sent_at" FROM "reminders" WHERE "step_id" = $1 ORDER BY "fire_at"`,
      [stepId],
    );
  }

  notificationsOf(stepId: string, kind = 'reminder.due'): Promise<{ id: string; user_id: string }[]> {
    return this.db.query(`SELECT "id", "user_id" FROM "notifications" WHERE "step_id" = $1 AND "kind" = $2`, [
      stepId,
      kind,
    ]);
  }

  sentOnce(stepId: string, timeoutMs = 20_000): Promise<ReminderRow[]> {
    return waitFor(
      () => this.remindersOf(stepId),
      (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
      timeoutMs,
    );
  }

  /** Both channels of this step's one notification delivered (e-mail and Telegram). */
  async deliveredOnce(stepId: string): Promise<void> {
    const notifications = await this.notificationsOf(stepId);
    expect(notifications).toHaveLength(1);
    const deliveries = await waitFor(
      () =>
        this.db.query(
          `SELECT "channel", "status" FROM "notification_deliveries" WHERE "notification_id" = $1 ORDER BY "channel"`,
          [notifications[0]!.id],
        ) as Promise<{ channel: string; status: string }[]>,
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
    );
    expect(deliveries).toEqual([
      { channel: 'email', status: 'sent' },
      { channel: 'telegram', status: 'sent' },
    ]);
  }
}

function channelEnv(smtpPort: number, botPort: number): Record<string, string> {
  return {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Tracker <noreply@tracker.test>',
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_API_URL: `http://127.0.0.1:${botPort}`,
  };
}

/** Sleeps until the wall clock reaches `at` (no-op when it already has). */
export async function sleepUntil(at: Date | number): Promise<void> {
  const ms = (typeof at === 'number' ? at : at.getTime()) - Date.now();
  if (ms > 0) await sleep(ms);
}

/**
 * Deletes every key of a deployment's prefix (`<prefix>:bull:…`, `<prefix>:throttle:…`): what
 * FLUSHALL does to it, without touching the shared server's other keys.
 */
export async function flushPrefix(redis: Redis, prefix: string): Promise<string[]> {
  let cursor = '0';
  const deleted: string[] = [];
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) {
      await redis.unlink(...keys);
      deleted.push(...keys);
    }
  } while (cursor !== '0');
  return deleted;
}
