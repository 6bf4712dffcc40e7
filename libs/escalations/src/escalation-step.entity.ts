import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, CreatedByColumn, RowVersionColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Complaint } from '@mc/complaints';
import { User } from '@mc/security';
import type { StepStatus, StepType } from './step-types.js';

/**
 * One planned or taken action on a complaint. The due date is either a legal deadline
 * (`deadline_rule_id` set: `due_date` is the computed last day, `due_at`/`overdue_at` its instants
 * at the place of work) or an internal target (`due_at` only, shifted by clock pauses). Title and
 * outcome are free text, encrypted under the complaint's data key (AAD `escalation_steps:<col>:<id>`).
 */
@Entity({ name: 'escalation_steps' })
@Index('idx_escalation_steps_complaint', ['complaintId', 'position'])
@Index('idx_escalation_steps_open_overdue', ['overdueAt'], { where: `"status" IN ('planned', 'in_progress')` })
@Check('chk_escalation_steps_legal_due', `"deadline_rule_id" IS NOT NULL OR "due_date" IS NULL`)
export class EscalationStep {
  @UuidPrimaryColumn('PK_escalation_steps')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_escalation_steps_complaint' })
  complaint?: Complaint;

  /** Order on the complaint's ladder (creation order; playbooks create theirs in ladder order). */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  type!: StepType;

  @Column({ type: 'text', default: 'planned' })
  status!: StepStatus;

  @Column({ name: 'title_enc', type: 'text', nullable: true })
  titleEnc!: string | null;

  @Column({ name: 'outcome_enc', type: 'text', nullable: true })
  outcomeEnc!: string | null;

  @Column({ name: 'deadline_rule_id', type: 'text', nullable: true })
  deadlineRuleId!: string | null;

  @Column({ name: 'deadline_rule_version', type: 'integer', nullable: true })
  deadlineRuleVersion!: number | null;

  /** The last day of a legal deadline at the place of work. */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** From this instant an open step is overdue: `due_at` for a target, the end of the last day for a legal deadline. */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;

  /** When `due_at` was last set by hand: a clock pause before that does not shift it. */
  @Column({ name: 'due_set_at', type: 'timestamptz', nullable: true })
  dueSetAt!: Date | null;

  /** A legal step whose trigger date the complaint lacks: the key date the caseworker must ask for. */
  @Column({ name: 'awaiting_key_date', type: 'text', nullable: true })
  awaitingKeyDate!: string | null;

  /** ISO 8601 durations before `due_at`, earliest reminder first. */
  @Column({ name: 'reminder_offsets', type: 'text', array: true })
  reminderOffsets!: string[];

  @Index('idx_escalation_steps_assignee')
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_escalation_steps_assignee' })
  assignee?: User;

  /** The playbook entry that created the step (`de.unlawful_dismissal#2`), null when made by hand. */
  @Column({ type: 'text', nullable: true })
  playbook!: string | null;

  /** Who confirmed the immigration-risk warning of a labour inspectorate step, and when. */
  @Column({ name: 'immigration_risk_confirmed_by', type: 'uuid', nullable: true })
  immigrationRiskConfirmedBy!: string | null;

  @Column({ name: 'immigration_risk_confirmed_at', type: 'timestamptz', nullable: true })
  immigrationRiskConfirmedAt!: Date | null;

  /** Set when the sweep reported the step overdue; cleared when its due date moves. */
  @Column({ name: 'overdue_notified_at', type: 'timestamptz', nullable: true })
  overdueNotifiedAt!: Date | null;

  @CreatedByColumn()
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @RowVersionColumn()
  version!: number;
}
