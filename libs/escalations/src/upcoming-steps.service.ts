import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUuid, fetchSizeFor, pageOf } from '@mc/database';
import { complaintScopeSql, recordScopeOf } from '@mc/access';
import { complaintSql } from '@mc/complaints';
import type { UserActor } from '@mc/security';
import { EscalationError } from './escalation-errors.js';
import { STEP_OWNER_SQL } from './reminder-recipients.js';
import { LIVE_STEP_SQL } from './step-predicates.js';
import type { StepStatus, StepType } from './step-types.js';

export interface UpcomingQuery {
  /** Steps due before now + this many ms (overdue ones are always included). */
  withinMs: number;
  /** Only steps the caller owns (default); false: every step of complaints in the caller's scope. */
  mine: boolean;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface UpcomingPage {
  items: UpcomingStep[];
  nextCursor: string | null;
}

/** The cursor is the last item's (dueAt, id): the list's order, so a page continues exactly. */
export function encodeUpcomingCursor(step: Pick<UpcomingStep, 'dueAt' | 'stepId'>): string {
  return Buffer.from(`${step.dueAt.toISOString()}|${step.stepId}`, 'utf8').toString('base64url');
}

export function decodeUpcomingCursor(cursor: string): { dueAt: Date; stepId: string } {
  const [dueAt, stepId, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(dueAt ?? '');
  if (extra !== undefined || !stepId || !isUuid(stepId) || Number.isNaN(at.getTime())) {
    throw new EscalationError('step.invalid-cursor', 'The cursor is not valid', {
      fields: [{ field: 'cursor', message: 'Not a cursor of this list' }],
    });
  }
  return { dueAt: at, stepId };
}

export interface UpcomingStep {
  stepId: string;
  complaintId: string;
  reference: string;
  type: StepType;
  status: StepStatus;
  legal: boolean;
  deadlineRuleId: string | null;
  dueDate: string | null;
  dueAt: Date;
  overdue: boolean;
  assigneeId: string | null;
}

/**
 * `GET /deadlines/upcoming`: open steps with a due date before the window's end, overdue first
 * (they are the soonest), then soonest due. A step is the caller's when they own it: assigned to
 * them, or unassigned on a complaint assigned to them (or filed by them and assigned to nobody).
 */
@Injectable()
export class UpcomingStepsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(actor: UserActor, query: UpcomingQuery, now = new Date()): Promise<UpcomingPage> {
    const scope = recordScopeOf(actor);
    if (scope.kind === 'none') return { items: [], nextCursor: null };
    const params: unknown[] = [new Date(now.getTime() + query.withinMs), now, fetchSizeFor(query.limit)];
    // Frozen targets (a paused clock) are left out: they have no date until the clock runs again.
    const where: string[] = [LIVE_STEP_SQL, `s."due_at" IS NOT NULL`, `s."due_at" <= $1`];
    if (query.mine) {
      params.push(actor.userId);
      where.push(`${STEP_OWNER_SQL} = $${params.length}`);
    }
    if (query.cursor !== undefined) {
      const after = decodeUpcomingCursor(query.cursor);
      params.push(after.dueAt, after.stepId);
      where.push(`(s."due_at", s."id") > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    if (scope.kind === 'own') params.push(scope.userId);
    const scoped = complaintScopeSql(scope, 'c', `$${params.length}`);
    if (scoped !== null) where.push(scoped);
    const rows: {
      id: string;
      complaint_id: string;
      reference: string;
      type: StepType;
      status: StepStatus;
      deadline_rule_id: string | null;
      due_date: string | null;
      due_at: Date;
      overdue: boolean;
      assignee_id: string | null;
    }[] = await this.db.query(
      `SELECT s."id", s."complaint_id", ${complaintSql.reference('c')} AS "reference", s."type", s."status", s."deadline_rule_id",
              to_char(s."due_date", 'YYYY-MM-DD') AS "due_date", s."due_at",
              (s."overdue_at" <= $2) AS "overdue", s."assignee_id"
         FROM "escalation_steps" s
         ${complaintSql.join('c', 's."complaint_id"')}
        WHERE ${where.join(' AND ')}
        ORDER BY s."due_at", s."id"
        LIMIT $3`,
      params,
    );
    const toItems = (kept: typeof rows) =>
      kept.map((r) => ({
        stepId: r.id,
        complaintId: r.complaint_id,
        reference: r.reference,
        type: r.type,
        status: r.status,
        legal: r.deadline_rule_id !== null,
        deadlineRuleId: r.deadline_rule_id,
        dueDate: r.due_date,
        dueAt: r.due_at,
        overdue: r.overdue,
        assigneeId: r.assignee_id,
      }));
    return pageOf(rows, query.limit, (last) => encodeUpcomingCursor({ dueAt: last.due_at, stepId: last.id }), toItems);
  }
}
