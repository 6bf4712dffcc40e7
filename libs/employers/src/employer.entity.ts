import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, CreatedByColumn, RowVersionColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';

export const EMPLOYER_KINDS = [
  'direct_employer',
  'temp_agency',
  'subcontractor',
  'recruiter',
  'platform',
  'household',
] as const;
export type EmployerKind = (typeof EMPLOYER_KINDS)[number];

/**
 * A company (or household) workers complain about. Not personal data, except a household's
 * address, which is stored encrypted (`address_enc`). `search_name` is the normalised,
 * transliterated name that the pg_trgm GIN index serves fuzzy search from.
 */
@Entity({ name: 'employers' })
// GIN gin_trgm_ops index made by the migration; TypeORM cannot express the operator class.
@Index('idx_employers_search_name_trgm', { synchronize: false })
export class Employer {
  @UuidPrimaryColumn('PK_employers')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Written by the service from `name`; indexed with gin_trgm_ops in the migration. */
  @Column({ name: 'search_name', type: 'text' })
  searchName!: string;

  @Column({ type: 'text' })
  kind!: EmployerKind;

  @Column({ name: 'registry_number', type: 'text', nullable: true })
  registryNumber!: string | null;

  /** Upper-case, no spaces or punctuation: what an exact registry search compares. */
  @Index('idx_employers_registry_number_norm')
  @Column({ name: 'registry_number_norm', type: 'text', nullable: true })
  registryNumberNorm!: string | null;

  @Column({ name: 'vat_id', type: 'text', nullable: true })
  vatId!: string | null;

  @Index('idx_employers_country')
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  /** Plain for companies; null with `address_enc` set for households (personal data). */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'address_enc', type: 'text', nullable: true })
  addressEnc!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  /** NACE section letter (A–U). */
  @Column({ type: 'char', length: 1, nullable: true })
  sector!: string | null;

  @Index('idx_employers_parent')
  @Column({ name: 'parent_employer_id', type: 'uuid', nullable: true })
  parentEmployerId!: string | null;

  @ManyToOne(() => Employer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_employer_id', foreignKeyConstraintName: 'fk_employers_parent' })
  parent?: Employer;

  /** Set when this record was merged into another: reads follow the redirect. */
  @Index('idx_employers_merged_into')
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => Employer, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_employers_merged_into' })
  mergedInto?: Employer;

  /**
   * False for a company named by a migrant on the public intake page (or the bot) that matched no
   * known employer strongly enough: a caseworker checks the name before it goes into reports.
   */
  @Column({ type: 'boolean', default: true })
  verified!: boolean;

  @CreatedByColumn()
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @RowVersionColumn()
  version!: number;
}
