import type { EntityManager } from 'typeorm';
import type { ComplaintStatus } from './complaint.entity.js';

/** A complaint in one of these is finished: nothing on it is due any more. */
export const FINISHED_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['resolved', 'closed', 'rejected'];

/**
 * Fragments of SQL over `complaints`, for the few hot queries of other libraries that must join
 * a complaint in the same statement (the reminder sweep, the upcoming list): they compose these
 * instead of naming this library's table and columns, so what a complaint's columns mean stays
 * written here. Everything else goes through this library's services.
 */
export const complaintSql = {
  /** `JOIN complaints <alias> ON <alias>.id = <complaintIdColumn>`. */
  join(alias: string, complaintIdColumn: string): string {
    return `JOIN "complaints" ${alias} ON ${alias}."id" = ${complaintIdColumn}`;
  },
  /** The table with an alias, for `UPDATE … FROM`. */
  from(alias: string): string {
    return `"complaints" ${alias}`;
  },
  /** The case is still being worked on (not resolved, closed or rejected). */
  inProgress(alias: string): string {
    return `${alias}."status" NOT IN (${FINISHED_COMPLAINT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  },
  /** The complaint's clock runs (internal targets count). */
  clockRunning(alias: string): string {
    return `${alias}."clock_paused_at" IS NULL`;
  },
  /** The public reference (`MC-2026-000123`). */
  reference(alias: string): string {
    return `${alias}."reference"`;
  },
};

/**
 * KEY SHARE lock on a complaint: it waits for a change of the case (the API locks the complaint
 * FOR UPDATE before it touches steps and reminders) but not for other readers doing the same.
 * Writers of steps and reminders take it first, so every writer locks complaint → step → reminder.
 */
export async function lockComplaintKeyShare(manager: EntityManager, complaintId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM "complaints" WHERE "id" = $1 FOR KEY SHARE`, [complaintId]);
}
