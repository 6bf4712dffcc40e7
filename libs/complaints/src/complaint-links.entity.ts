import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Employer } from '@mc/employers';
import { MigrantWorker } from '@mc/migrants';
import { Complaint } from './complaint.entity.js';

/** A worker on a complaint. Worker scope for caseworkers is derived from these rows. */
@Entity({ name: 'complaint_workers' })
@Index('idx_complaint_workers_worker', ['workerId'])
export class ComplaintWorker {
  @PrimaryColumn({ name: 'complaint_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint_workers' })
  complaintId!: string;

  @PrimaryColumn({ name: 'worker_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint_workers' })
  workerId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_workers_complaint' })
  complaint?: Complaint;

  @ManyToOne(() => MigrantWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_complaint_workers_worker' })
  worker?: MigrantWorker;
}

/** An intermediary in the chain (agency, recruiter, subcontractor) on a complaint. */
@Entity({ name: 'complaint_intermediaries' })
@Index('idx_complaint_intermediaries_employer', ['employerId'])
export class ComplaintIntermediary {
  @PrimaryColumn({ name: 'complaint_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint_intermediaries' })
  complaintId!: string;

  @PrimaryColumn({ name: 'employer_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint_intermediaries' })
  employerId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_intermediaries_complaint' })
  complaint?: Complaint;

  @ManyToOne(() => Employer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'fk_complaint_intermediaries_employer' })
  employer?: Employer;
}
