import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UuidPrimaryColumn } from '@mc/database';
import { Complaint } from './complaint.entity.js';

/**
 * Everything that happened to a complaint, in order: what a caseworker reads first when picking
 * up a case. `data` holds ids, field names, statuses and dates, never free text or identities
 * (a note event points at the note; the note's body stays encrypted).
 */
@Entity({ name: 'timeline_events' })
@Index('idx_timeline_events_complaint', ['complaintId', 'seq'])
export class TimelineEvent {
  @UuidPrimaryColumn('PK_timeline_events')
  id!: string;

  /** Total order (ids alone could tie within a millisecond). */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_timeline_events_complaint' })
  complaint?: Complaint;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: 'user' | 'system' | 'public' | 'partner' | 'bot';

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  /** `complaint.created`, `complaint.updated`, `status.changed`, `note.added`, `attachment.added`, ... */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;
}
