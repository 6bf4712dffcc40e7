import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, CreatedByColumn, RowVersionColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Employer } from '@mc/employers';
import { User } from '@mc/security';

export const COMPLAINT_CATEGORIES = [
  'unpaid_wages',
  'below_minimum_wage',
  'unpaid_overtime',
  'illegal_deductions',
  'no_written_contract',
  'contract_substitution',
  'bogus_self_employment',
  'no_social_insurance',
  'unlawful_dismissal',
  'document_retention',
  'recruitment_fees',
  'excessive_hours',
  'unsafe_work',
  'housing_conditions',
  'discrimination_harassment',
  'threats_intimidation',
  'forced_labour_indicators',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_STATUSES = ['new', 'triage', 'open', 'escalated', 'resolved', 'closed', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_OUTCOMES = [
  'paid_in_full',
  'paid_partly',
  'settled',
  'won_in_court',
  'lost',
  'withdrawn',
  'unreachable',
  'referred_out',
] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

export const COMPLAINT_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number];

export const COMPLAINT_SOURCES = ['caseworker', 'public_intake', 'partner', 'telegram'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

/**
 * One dispute of one or more workers against one employer. Free text (summary, facts, status
 * reason) is encrypted under the complaint's own data key (AAD `complaints:<column>:<id>`);
 * everything reports need (categories, dates, amounts, country) stays queryable.
 * Money is `numeric(14,2)` + ISO 4217 code, read as strings: never a float.
 */
@Entity({ name: 'complaints' })
@Check('chk_complaints_amount_claimed', `("amount_claimed" IS NULL) = ("amount_claimed_currency" IS NULL)`)
@Check('chk_complaints_amount_recovered', `("amount_recovered" IS NULL) = ("amount_recovered_currency" IS NULL)`)
@Index('uq_complaints_reference_year_seq', ['referenceYear', 'referenceSeq'], { unique: true })
export class Complaint {
  @UuidPrimaryColumn('PK_complaints')
  id!: string;

  /** `MC-2026-00042`. */
  @Index('uq_complaints_reference', { unique: true })
  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'reference_year', type: 'integer' })
  referenceYear!: number;

  @Column({ name: 'reference_seq', type: 'integer' })
  referenceSeq!: number;

  @Index('idx_complaints_status')
  @Column({ type: 'text', default: 'new' })
  status!: ComplaintStatus;

  @Column({ type: 'text', nullable: true })
  outcome!: ComplaintOutcome | null;

  @Column({ name: 'status_reason_enc', type: 'text', nullable: true })
  statusReasonEnc!: string | null;

  @Column({ type: 'text', array: true })
  categories!: ComplaintCategory[];

  @Column({ name: 'summary_enc', type: 'text' })
  summaryEnc!: string;

  @Column({ name: 'facts_enc', type: 'text', nullable: true })
  factsEnc!: string | null;

  @Column({ name: 'data_key_wrapped', type: 'bytea' })
  dataKeyWrapped!: Buffer;

  @Column({ name: 'data_key_master_id', type: 'text' })
  dataKeyMasterId!: string;

  @Index('idx_complaints_employer')
  @Column({ name: 'employer_id', type: 'uuid' })
  employerId!: string;

  @ManyToOne(() => Employer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'fk_complaints_employer' })
  employer?: Employer;

  @Index('idx_complaints_country')
  @Column({ name: 'country_of_work', type: 'char', length: 2 })
  countryOfWork!: string;

  /** ISO 3166-2 (`DE-NW`): decides the holiday calendar of deadlines. */
  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ name: 'employment_start', type: 'date', nullable: true })
  employmentStart!: string | null;

  @Column({ name: 'employment_end', type: 'date', nullable: true })
  employmentEnd!: string | null;

  @Column({ name: 'dismissal_notice_received', type: 'date', nullable: true })
  dismissalNoticeReceived!: string | null;

  @Column({ name: 'fixed_term_end', type: 'date', nullable: true })
  fixedTermEnd!: string | null;

  @Column({ name: 'wage_due', type: 'date', nullable: true })
  wageDue!: string | null;

  @Column({ name: 'facts_known', type: 'date', nullable: true })
  factsKnown!: string | null;

  @Column({ name: 'discrimination_known', type: 'date', nullable: true })
  discriminationKnown!: string | null;

  @Column({ name: 'agg_claim_asserted', type: 'date', nullable: true })
  aggClaimAsserted!: string | null;

  @Column({ name: 'amount_claimed', type: 'numeric', precision: 14, scale: 2, nullable: true })
  amountClaimed!: string | null;

  @Column({ name: 'amount_claimed_currency', type: 'char', length: 3, nullable: true })
  amountClaimedCurrency!: string | null;

  @Column({ name: 'amount_recovered', type: 'numeric', precision: 14, scale: 2, nullable: true })
  amountRecovered!: string | null;

  @Column({ name: 'amount_recovered_currency', type: 'char', length: 3, nullable: true })
  amountRecoveredCurrency!: string | null;

  @Column({ name: 'workers_affected', type: 'integer' })
  workersAffected!: number;

  @Column({ type: 'text', default: 'normal' })
  priority!: ComplaintPriority;

  @Column({ type: 'text', default: 'caseworker' })
  source!: ComplaintSource;

  @Index('idx_complaints_assignee')
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_complaints_assignee' })
  assignee?: User;

  @Index('idx_complaints_created_by')
  @CreatedByColumn()
  createdBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_complaints_created_by' })
  creator?: User;

  /** Set while the clock is paused; internal targets shift by the paused time (legal deadlines never). */
  @Column({ name: 'clock_paused_at', type: 'timestamptz', nullable: true })
  clockPausedAt!: Date | null;

  /** Total paused time of finished pauses, in seconds. */
  @Column({ name: 'clock_paused_seconds', type: 'integer', default: 0 })
  clockPausedSeconds!: number;

  @Index('idx_complaints_created_at')
  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @RowVersionColumn()
  version!: number;
}
