import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UuidPrimaryColumn } from '@mc/database';
import type { StoredRolledOverDay } from './complaint-view.js';
import { Complaint } from './complaint.entity.js';

/**
 * A statutory deadline computed for a complaint, with the rule and calendar versions it was
 * computed with, so that a new version of either can be told apart and recomputed (the
 * `deadlines.recompute` job), and the change shown on the timeline. One row per rule; source and
 * disclaimer come from the rule book.
 */
@Entity({ name: 'complaint_deadlines' })
@Index('uq_complaint_deadlines_complaint_rule', ['complaintId', 'ruleId'], { unique: true })
export class ComplaintDeadline {
  @UuidPrimaryColumn('PK_complaint_deadlines')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_deadlines_complaint' })
  complaint?: Complaint;

  /** `de.kschg.4`. */
  @Column({ name: 'rule_id', type: 'text' })
  ruleId!: string;

  @Column({ name: 'rule_version', type: 'integer' })
  ruleVersion!: number;

  /** The trigger event of the rule (`dismissal_notice_received`, `employment_end`, ...). */
  @Column({ type: 'text' })
  trigger!: string;

  @Column({ name: 'event_date', type: 'date' })
  eventDate!: string;

  /** The ISO 8601 period applied (`P3W`). */
  @Column({ type: 'text' })
  period!: string;

  @Index('idx_complaint_deadlines_due_date')
  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  /** The end of the period before it rolled past a weekend or public holiday; null when it did not roll. */
  @Column({ name: 'rolled_from', type: 'date', nullable: true })
  rolledFrom!: string | null;

  /**
   * Each day the end rolled past, with its reason (`Saturday`, `5 May, Algemene termijnenwet
   * art. 3`), as the engine gave it; empty when it did not roll. Stored rather than recomputed
   * on read: it must explain the date as it was computed, under the calendar version of the row.
   */
  @Column({ name: 'rolled_over', type: 'jsonb', default: () => "'[]'" })
  rolledOver!: StoredRolledOverDay[];

  /** The holiday calendar used: `DE-NW`, or the country code when only national holidays counted. */
  @Column({ type: 'text' })
  calendar!: string;

  /**
   * The holiday list version the date was computed with (`nl.atw.3@1`); null for rows computed
   * before calendars were versioned, which the recompute job brings up to date.
   */
  @Column({ name: 'calendar_version_key', type: 'text', nullable: true })
  calendarVersionKey!: string | null;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;
}
