import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import {
  ComplaintAccessService,
  ComplaintCipherService,
  lockAssignableUser,
  TimelineService,
  type Complaint,
  FINISHED_COMPLAINT_STATUSES,
} from '@mc/complaints';
import { newId, fetchSizeFor, pageOf } from '@mc/database';
import { DeadlineCalculator, DeadlineError, DeadlineRuleBook } from '@mc/deadlines';
import { mayOpenComplaint, recordScopeOf } from '@mc/access';
import { AuditService, RecordNotFoundError, type RequestMeta, type UserActor } from '@mc/security';
import { EscalationError } from './escalation-errors.js';
import { EscalationStep } from './escalation-step.entity.js';
import {
  ImmigrationRiskCheck,
  ImmigrationRiskNotConfirmedError,
  needsImmigrationRiskCheck,
} from './immigration-risk.js';
import { legalStepDue, type LegalStepDue } from './legal-step-due.js';
import {
  DEFAULT_REMINDER_OFFSETS,
  InvalidReminderOffsetError,
  LEGAL_REMINDER_OFFSETS,
  normaliseReminderOffsets,
} from './reminder-offsets.js';
import { ReminderSyncService } from './reminder-sync.service.js';
import { stepAad } from './step-cipher.js';
import { allowedStepTargets, canMoveStep, isOpenStepStatus, type StepStatus, type StepType } from './step-types.js';
import type { StepView } from './step-view.js';
import { StepViewsService } from './step-views.service.js';

export interface CreateStepInput {
  type: StepType;
  title?: string | null;
  /** An internal target; excludes `deadlineRuleId`. */
  dueAt?: Date | null;
  /** A legal deadline computed from the complaint's key date; excludes `dueAt`. */
  deadlineRuleId?: string | null;
  reminderOffsets?: string[];
  assigneeId?: string | null;
  confirmImmigrationRisk?: boolean;
}

export interface UpdateStepInput {
  status?: StepStatus;
  title?: string | null;
  outcome?: string | null;
  dueAt?: Date | null;
  reminderOffsets?: string[];
  assigneeId?: string | null;
}

/** What a playbook (or any other bulk creator) asks for, already decided. */
export interface StepDraft extends CreateStepInput {
  playbook?: string | null;
}

export interface StepPage {
  items: StepView[];
  nextCursor: string | null;
}

export function assertStepVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new EscalationError('step.stale-version', 'The step was changed by someone else; reload it and try again', {
      details: { currentVersion: current },
    });
  }
}

/** A target is a working date: not before 2000, not more than 20 years ahead (a typo such as 2206). */
const DUE_AT_MIN = Date.UTC(2000, 0, 1);
const DUE_AT_MAX_AHEAD_MS = 20 * 366 * 24 * 3600 * 1000;

function plausibleDueAt(dueAt: Date | null): Date | null {
  if (dueAt === null) return null;
  const ms = dueAt.getTime();
  if (Number.isNaN(ms) || ms < DUE_AT_MIN || ms > Date.now() + DUE_AT_MAX_AHEAD_MS) {
    throw new EscalationError('step.due-at-out-of-range', 'dueAt must be a date from 2000 to 20 years ahead', {
      fields: [{ field: 'dueAt', message: 'Out of range' }],
    });
  }
  return dueAt;
}

function offsetsOrBadRequest(offsets: readonly string[]): string[] {
  try {
    return normaliseReminderOffsets(offsets);
  } catch (error) {
    if (error instanceof InvalidReminderOffsetError) {
      throw new EscalationError('step.invalid-reminder-offsets', error.message, {
        fields: [{ field: 'reminderOffsets', message: error.message }],
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Escalation steps of a complaint: creating, changing and listing them. Every change runs in one
 * transaction with its reminders, timeline event and audit row; the complaint row is locked first
 * so concurrent changes of one case queue up instead of interleaving.
 */
@Injectable()
export class EscalationStepsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ComplaintAccessService,
    private readonly cipher: ComplaintCipherService,
    private readonly timeline: TimelineService,
    private readonly audit: AuditService,
    private readonly rules: DeadlineRuleBook,
    private readonly calculator: DeadlineCalculator,
    private readonly risk: ImmigrationRiskCheck,
    private readonly reminders: ReminderSyncService,
    private readonly views: StepViewsService,
  ) {}

  /** In ladder order; the cursor is the last position of the previous page. */
  async list(complaintId: string, actor: UserActor, page: { limit: number; cursor?: string }): Promise<StepPage> {
    const manager = this.db.manager;
    const complaint = await this.access.findInScope(manager, complaintId, actor);
    if (page.cursor !== undefined && !/^\d{1,9}$/.test(page.cursor)) {
      throw new EscalationError('step.invalid-cursor', 'The cursor is not valid', {
        fields: [{ field: 'cursor', message: 'Not a cursor of this list' }],
      });
    }
    const steps = await manager.find(EscalationStep, {
      where: { complaintId, ...(page.cursor !== undefined ? { position: MoreThan(Number(page.cursor)) } : {}) },
      order: { position: 'ASC' },
      take: fetchSizeFor(page.limit),
    });
    const found = pageOf(steps, page.limit, (last) => String(last.position));
    return { items: await this.views.many(manager, complaint, found.items), nextCursor: found.nextCursor };
  }

  async get(complaintId: string, stepId: string, actor: UserActor): Promise<StepView> {
    const manager = this.db.manager;
    const complaint = await this.access.findInScope(manager, complaintId, actor);
    const step = await manager.findOne(EscalationStep, { where: { id: stepId, complaintId } });
    if (!step) throw new RecordNotFoundError('Step');
    return this.views.one(manager, complaint, step);
  }

  create(complaintId: string, input: CreateStepInput, actor: UserActor, meta: RequestMeta = {}): Promise<StepView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, complaintId, actor, { lock: true });
      const [step] = await this.insertSteps(manager, complaint, [input], actor, meta);
      return this.views.one(manager, complaint, step!);
    });
  }

  /**
   * Inserts steps in ladder order in the caller's transaction (the complaint row already locked):
   * checks, encrypts, schedules reminders, records one timeline event and audit row per step.
   */
  async insertSteps(
    manager: EntityManager,
    complaint: Complaint,
    drafts: readonly StepDraft[],
    actor: UserActor,
    meta: RequestMeta = {},
  ): Promise<EscalationStep[]> {
    if (FINISHED_COMPLAINT_STATUSES.includes(complaint.status)) {
      throw new EscalationError(
        'step.complaint-inactive',
        `A ${complaint.status} complaint takes no new steps; reopen it first`,
      );
    }
    const now = new Date();
    const { max } = (await manager
      .createQueryBuilder(EscalationStep, 's')
      .select('COALESCE(MAX(s.position), 0)', 'max')
      .where('s.complaintId = :id', { id: complaint.id })
      .getRawOne<{ max: number }>()) ?? { max: 0 };
    let position = Number(max);
    let atRisk: number | undefined;
    let key: Buffer | undefined;
    const created: EscalationStep[] = [];
    for (const draft of drafts) {
      const legal = this.legalDueFor(complaint, draft);
      let riskConfirmed = false;
      if (needsImmigrationRiskCheck(draft.type)) {
        atRisk ??= await this.risk.workersAtRisk(manager, complaint.id);
        if (atRisk > 0 && draft.confirmImmigrationRisk !== true) throw new ImmigrationRiskNotConfirmedError(atRisk);
        riskConfirmed = atRisk > 0;
      }
      if (draft.assigneeId) await this.assertAssignable(manager, draft.assigneeId, complaint);
      const offsets = offsetsOrBadRequest(
        draft.reminderOffsets ?? (legal ? LEGAL_REMINDER_OFFSETS : DEFAULT_REMINDER_OFFSETS),
      );
      const id = newId();
      key ??= this.cipher.openKey(complaint);
      const internalDueAt = legal ? null : plausibleDueAt(draft.dueAt ?? null);
      const step = manager.create(EscalationStep, {
        id,
        complaintId: complaint.id,
        position: ++position,
        type: draft.type,
        status: 'planned',
        titleEnc: this.cipher.encryptOptional(key, draft.title ?? null, stepAad.title(id)),
        outcomeEnc: null,
        deadlineRuleId: legal ? draft.deadlineRuleId! : null,
        deadlineRuleVersion: legal?.ruleVersion ?? null,
        dueDate: legal?.dueDate ?? null,
        dueAt: legal ? legal.dueAt : internalDueAt,
        overdueAt: legal ? legal.overdueAt : internalDueAt,
        dueSetAt: internalDueAt !== null ? now : null,
        awaitingKeyDate: legal?.awaitingKeyDate ?? null,
        reminderOffsets: offsets,
        assigneeId: draft.assigneeId ?? null,
        playbook: draft.playbook ?? null,
        immigrationRiskConfirmedBy: riskConfirmed ? actor.userId : null,
        immigrationRiskConfirmedAt: riskConfirmed ? now : null,
        overdueNotifiedAt: null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
        version: 1,
      });
      await manager.insert(EscalationStep, step);
      created.push(step);
      await this.timeline.record(manager, complaint.id, actor, 'step.created', {
        stepId: id,
        type: step.type,
        deadlineRuleId: step.deadlineRuleId,
        dueDate: step.dueDate,
        dueAt: step.dueAt?.toISOString() ?? null,
        playbook: step.playbook,
      });
      await this.audit.record(
        {
          actor,
          action: 'step.create',
          entityType: 'escalation_step',
          entityId: id,
          meta,
          details: {
            complaintId: complaint.id,
            type: step.type,
            deadlineRuleId: step.deadlineRuleId,
            immigrationRiskConfirmed: riskConfirmed,
          },
        },
        manager,
      );
    }
    await this.reminders.syncSteps(manager, created, complaint, now);
    return created;
  }

  update(
    complaintId: string,
    stepId: string,
    patch: UpdateStepInput,
    actor: UserActor,
    meta: RequestMeta = {},
    expectedVersion?: number,
  ): Promise<StepView> {
    return this.db.transaction(async (manager) => {
      const complaint = await this.access.findInScope(manager, complaintId, actor, { lock: true });
      const step = await manager.findOne(EscalationStep, {
        where: { id: stepId, complaintId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!step) throw new RecordNotFoundError('Step');
      assertStepVersion(step.version, expectedVersion);

      const now = new Date();
      const changes: Partial<EscalationStep> = {};
      const fields: string[] = [];
      let key: Buffer | undefined;
      const openKey = () => (key ??= this.cipher.openKey(complaint));

      if (patch.status !== undefined && patch.status !== step.status) {
        if (!canMoveStep(step.status, patch.status)) {
          throw new EscalationError(
            'step.transition-not-allowed',
            `A ${step.status} step cannot become ${patch.status}`,
            {
              details: { allowed: [...allowedStepTargets(step.status)] },
            },
          );
        }
        changes.status = patch.status;
        changes.completedAt = isOpenStepStatus(patch.status) ? null : now;
        fields.push('status');
      }
      for (const field of ['title', 'outcome'] as const) {
        const value = patch[field];
        if (value === undefined) continue;
        const column = field === 'title' ? 'titleEnc' : 'outcomeEnc';
        const current = this.cipher.decrypt(openKey(), step[column], stepAad[field](step.id));
        if (current !== value) {
          changes[column] = this.cipher.encryptOptional(openKey(), value, stepAad[field](step.id));
          fields.push(field);
        }
      }
      if (patch.dueAt !== undefined && !sameInstant(patch.dueAt, step.dueAt)) {
        if (step.deadlineRuleId !== null) {
          throw new EscalationError(
            'step.due-at-not-editable',
            "A legal deadline follows from the complaint's key date; correct that date instead",
            { fields: [{ field: 'dueAt', message: 'Not editable on a step with deadlineRuleId' }] },
          );
        }
        changes.dueAt = plausibleDueAt(patch.dueAt);
        changes.overdueAt = changes.dueAt;
        changes.dueSetAt = now;
        changes.overdueNotifiedAt = null;
        fields.push('dueAt');
      }
      if (patch.reminderOffsets !== undefined) {
        const offsets = offsetsOrBadRequest(patch.reminderOffsets);
        if (offsets.join(',') !== step.reminderOffsets.join(',')) {
          changes.reminderOffsets = offsets;
          fields.push('reminderOffsets');
        }
      }
      if (patch.assigneeId !== undefined && patch.assigneeId !== step.assigneeId) {
        if (patch.assigneeId !== null) await this.assertAssignable(manager, patch.assigneeId, complaint);
        changes.assigneeId = patch.assigneeId;
        fields.push('assigneeId');
      }
      if (fields.length === 0) return this.views.one(manager, complaint, step);
      if (FINISHED_COMPLAINT_STATUSES.includes(complaint.status) && fields.some((f) => f !== 'outcome')) {
        throw new EscalationError(
          'step.complaint-closed',
          `The steps of a ${complaint.status} complaint are closed; only the outcome may change`,
        );
      }

      await manager.update(EscalationStep, { id: step.id }, { ...changes, updatedAt: now });
      const updated = await manager.findOneByOrFail(EscalationStep, { id: step.id });
      const reminders = await this.reminders.syncSteps(manager, [updated], complaint, now);
      await this.timeline.record(manager, complaint.id, actor, 'step.updated', {
        stepId: step.id,
        fields,
        status: updated.status,
        dueAt: updated.dueAt?.toISOString() ?? null,
        remindersCancelled: reminders.cancelled,
      });
      await this.audit.record(
        {
          actor,
          action: 'step.update',
          entityType: 'escalation_step',
          entityId: step.id,
          meta,
          details: { complaintId: complaint.id, fields, status: updated.status },
        },
        manager,
      );
      return this.views.one(manager, complaint, updated);
    });
  }

  /** Null for an internal target; for a rule, its due date from the complaint (or what it waits for). */
  private legalDueFor(complaint: Complaint, draft: CreateStepInput): LegalStepDue | null {
    const ruleId = draft.deadlineRuleId ?? null;
    if (ruleId === null) return null;
    if (draft.dueAt !== undefined && draft.dueAt !== null) {
      throw new EscalationError(
        'step.due-at-with-rule',
        'Give either dueAt (an internal target) or deadlineRuleId (a legal deadline), not both',
        { fields: [{ field: 'dueAt', message: 'Not allowed together with deadlineRuleId' }] },
      );
    }
    if (!this.rules.has(ruleId)) {
      throw new EscalationError('step.unknown-deadline-rule', `Unknown deadline rule ${ruleId}`, {
        fields: [{ field: 'deadlineRuleId', message: 'Not a rule of GET /deadlines/rules' }],
      });
    }
    const rule = this.rules.find(ruleId);
    if (rule.country !== complaint.countryOfWork) {
      throw new EscalationError(
        'step.rule-of-another-country',
        `Rule ${ruleId} is a ${rule.country} rule; this complaint's place of work is ${complaint.countryOfWork}`,
        { fields: [{ field: 'deadlineRuleId', message: 'Rule of another country' }] },
      );
    }
    try {
      return legalStepDue(this.calculator, this.rules, complaint, ruleId);
    } catch (error) {
      if (error instanceof DeadlineError) {
        throw new EscalationError('step.deadline-not-computable', `The deadline cannot be computed: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * A step's assignee gets its reminders, so they must work on cases and be able to open this
   * one: a caseworker only sees complaints assigned to them or filed by them.
   */
  private async assertAssignable(
    manager: EntityManager,
    userId: string,
    complaint: Pick<Complaint, 'assigneeId' | 'createdBy'>,
  ): Promise<void> {
    const user = await lockAssignableUser(manager, userId, 'assigneeId');
    const scope = recordScopeOf({ kind: 'user', userId: user.id, role: user.role, sessionId: '' });
    if (!mayOpenComplaint(scope, complaint)) {
      throw new EscalationError(
        'step.assignee-out-of-scope',
        'This caseworker cannot open the complaint; assign the complaint to them first',
        { fields: [{ field: 'assigneeId', message: 'Outside the caseworker’s complaints' }] },
      );
    }
  }
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}
