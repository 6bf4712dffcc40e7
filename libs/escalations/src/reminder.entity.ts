import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Complaint } from '@mc/complaints';
import { EscalationStep } from './escalation-step.entity.js';

export const REMINDER_STATUSES = ['pending', 'sent', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * One reminder of a step: the row is the truth, the BullMQ delayed job (id
 * `reminder-<id>-<fireAtEpochMs>`) only its executor. A row per (step, offset): moving the due
 * date moves `fire_at` (and so the job id); the handler acts only when the job's id still matches
 * the row and the row is still pending, and marks it sent in the transaction that notifies.
 */
@Entity({ name: 'reminders' })
@Index('uq_reminders_step_offset', ['stepId', 'offset'], { unique: true })
@Index('idx_reminders_pending_fire_at', ['fireAt'], { where: `"status" = 'pending'` })
@Index('idx_reminders_sent_at', ['sentAt'], { where: `"status" = 'sent'` })
@Index('idx_reminders_job_missing', ['updatedAt'], { where: `"status" = 'pending' AND "job_added_at" IS NULL` })
export class Reminder {
  @UuidPrimaryColumn('PK_reminders')
  id!: string;

  @Column({ name: 'step_id', type: 'uuid' })
  stepId!: string;

  @ManyToOne(() => EscalationStep, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_id', foreignKeyConstraintName: 'fk_reminders_step' })
  step?: EscalationStep;

  @Index('idx_reminders_complaint')
  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_reminders_complaint' })
  complaint?: Complaint;

  /** ISO 8601 duration before the step's `due_at`. */
  @Column({ name: 'reminder_offset', type: 'text' })
  offset!: string;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt!: Date;

  @Column({ type: 'text', default: 'pending' })
  status!: ReminderStatus;

  /** Set once the delayed job of the current `fire_at` is in Redis; null: `reminder.relay` must add it. */
  @Column({ name: 'job_added_at', type: 'timestamptz', nullable: true })
  jobAddedAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
