import type { EntityManager } from 'typeorm';
import { complaintSql } from '@mc/complaints';
import type { StepType } from './step-types.js';

/** A reminder with what firing it needs: its step and its complaint's reference. */
export interface ReminderToFire {
  id: string;
  status: 'pending' | 'sent' | 'cancelled';
  fire_at: Date;
  reminder_offset: string;
  step_id: string;
  step_type: StepType;
  due_at: Date | null;
  due_date: string | null;
  deadline_rule_id: string | null;
  complaint_id: string;
  reference: string;
}

/** The SQL of the `reminders` table on the hot paths (firing, the sweep). */
export const remindersRepository = {
  async complaintIdOf(manager: EntityManager, reminderId: string): Promise<string | null> {
    const rows: { complaint_id: string }[] = await manager.query(
      `SELECT "complaint_id" FROM "reminders" WHERE "id" = $1`,
      [reminderId],
    );
    return rows[0]?.complaint_id ?? null;
  },

  /** The reminder locked FOR UPDATE, with its step and reference; the caller holds the complaint's lock. */
  async lockToFire(manager: EntityManager, reminderId: string): Promise<ReminderToFire | null> {
    const rows: ReminderToFire[] = await manager.query(
      `SELECT r."id", r."status", r."fire_at", r."reminder_offset",
              s."id" AS "step_id", s."type" AS "step_type",
              s."due_at", to_char(s."due_date", 'YYYY-MM-DD') AS "due_date", s."deadline_rule_id",
              r."complaint_id", ${complaintSql.reference('c')} AS "reference"
         FROM "reminders" r
         JOIN "escalation_steps" s ON s."id" = r."step_id"
         ${complaintSql.join('c', 'r."complaint_id"')}
        WHERE r."id" = $1
          FOR UPDATE OF r`,
      [reminderId],
    );
    return rows[0] ?? null;
  },

  /** Stamps the reminder sent with the database clock; returns the stamp (lateness counts it). */
  async markSent(manager: EntityManager, reminderId: string): Promise<Date> {
    const [rows] = (await manager.query(
      `UPDATE "reminders" SET "status" = 'sent', "sent_at" = clock_timestamp(), "updated_at" = clock_timestamp()
        WHERE "id" = $1 RETURNING "sent_at"`,
      [reminderId],
    )) as [{ sent_at: Date }[], number];
    return rows[0]!.sent_at;
  },

  /** Pending reminders due by `until`, soonest first. */
  pendingUntil(manager: EntityManager, until: Date): Promise<{ id: string; fire_at: Date }[]> {
    return manager.query(
      `SELECT "id", "fire_at" FROM "reminders"
        WHERE "status" = 'pending' AND "fire_at" <= $1
        ORDER BY "fire_at"`,
      [until],
    );
  },
};
