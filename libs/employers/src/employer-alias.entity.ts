import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Employer } from './employer.entity.js';

/** Another name of an employer: brand, Cyrillic spelling, former name. Searched like the name. */
@Entity({ name: 'employer_aliases' })
@Index('idx_employer_aliases_search_name_trgm', { synchronize: false })
@Index('uq_employer_aliases_employer_search', ['employerId', 'searchName'], { unique: true })
export class EmployerAlias {
  @UuidPrimaryColumn('PK_employer_aliases')
  id!: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId!: string;

  @ManyToOne(() => Employer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'employer_id', foreignKeyConstraintName: 'fk_employer_aliases_employer' })
  employer?: Employer;

  @Column({ type: 'text' })
  alias!: string;

  /** Indexed with gin_trgm_ops in the migration. */
  @Column({ name: 'search_name', type: 'text' })
  searchName!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
