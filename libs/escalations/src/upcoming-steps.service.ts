import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { recordScopeOf, type UserActor } from '@mc/security';
import { STEP_OWNER_SQL } from './reminder-recipients.js';
import type { StepStatus, StepType } from './step-types.js';

export interface UpcomingQuery {
  /** Steps due before now + this many ms (overdue ones are always included). */
  withinMs: number;
  /** Only steps the caller owns (default); false: every step of complaints in the caller's scope. */
  mine: boolean;
  limit: number;
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

  async list(actor: UserActor, query: UpcomingQuery, now = new Date()): Promise<UpcomingStep[]> {
    const scope = recordScopeOf(actor);
    if (scope.kind === 'none') return [];
    const params: unknown[] = [new Date(now.getTime() + query.withinMs), now, query.limit];
    const where: string[] = [
      `s."status" IN ('planned', 'in_progress')`,
      `s."due_at" IS NOT NULL`,
      `s."due_at" <= $1`,
      `c."status" NOT IN ('resolved', 'closed', 'rejected')`,
    ];
    if (query.mine) {
      params.push(actor.userId);
      where.push(`${STEP_OWNER_SQL} = $${params.length}`);
    }
    if (scope.kind === 'own') {
      params.push(scope.userId);
      where.push(`(c."assignee_id" = $${params.length} OR c."created_by" = $${params.length})`);
    }
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
      `SELECT s."id", s."complaint_id", c."reference", s."type", s."status", s."deadline_rule_id",
              to_char(s."due_date", 'YYYY-MM-DD') AS "due_date", s."due_at",
              (s."overdue_at" <= $2) AS "overdue", s."assignee_id"
         FROM "escalation_steps" s
         JOIN "complaints" c ON c."id" = s."complaint_id"
        WHERE ${where.join(' AND ')}
        ORDER BY s."due_at", s."id"
        LIMIT $3`,
      params,
    );
    return rows.map((r) => ({
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
  }
}
