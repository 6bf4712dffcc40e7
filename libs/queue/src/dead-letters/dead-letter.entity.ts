import { Column, Entity, Index } from 'typeorm';
import { UuidPrimaryColumn } from '@mc/database';

/**
 * A job that failed its last attempt (or failed for good with `UnrecoverableError`). Operators
 * read these; the payload holds ids only, like the job itself.
 */
@Entity({ name: 'dead_letters' })
export class DeadLetter {
  @UuidPrimaryColumn('PK_dead_letters')
  id!: string;

  @Column({ name: 'queue', type: 'text' })
  queue!: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName!: string;

  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  @Column({ name: 'data', type: 'jsonb' })
  data!: Record<string, string | number>;

  @Column({ name: 'error', type: 'text' })
  error!: string;

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  @Index('idx_dead_letters_failed_at')
  @Column({ name: 'failed_at', type: 'timestamptz', default: () => 'now()' })
  failedAt!: Date;
}
