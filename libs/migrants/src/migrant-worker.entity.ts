import { Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, CreatedByColumn, RowVersionColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';

export const RESIDENCE_STATUSES = [
  'eu_citizen',
  'work_permit',
  'posted_worker',
  'temporary_protection',
  'refugee_or_asylum',
  'undocumented',
  'unknown',
] as const;
export type ResidenceStatus = (typeof RESIDENCE_STATUSES)[number];

export const SHARING_LEVELS = ['none', 'anonymised', 'full'] as const;
export type SharingLevel = (typeof SHARING_LEVELS)[number];

export const CONTACT_CHANNELS = ['telegram', 'phone', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * The person (never called `Worker`: that is a BullMQ worker here). Names, contacts, nationality
 * and residence status are stored only as AES-256-GCM ciphertext under the person's own data
 * key (`*_enc` columns, AAD `migrant_workers:<column>:<id>`); the data key is stored wrapped by
 * the master key. Destroying the wrapped key erases the person (crypto-shredding).
 */
@Entity({ name: 'migrant_workers' })
export class MigrantWorker {
  @UuidPrimaryColumn('PK_migrant_workers')
  id!: string;

  @Column({ name: 'full_name_enc', type: 'text', nullable: true })
  fullNameEnc!: string | null;

  @Column({ name: 'full_name_latin_enc', type: 'text', nullable: true })
  fullNameLatinEnc!: string | null;

  @Column({ name: 'nationality_enc', type: 'text', nullable: true })
  nationalityEnc!: string | null;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Column({ name: 'email_enc', type: 'text', nullable: true })
  emailEnc!: string | null;

  @Column({ name: 'telegram_enc', type: 'text', nullable: true })
  telegramEnc!: string | null;

  @Column({ name: 'residence_status_enc', type: 'text', nullable: true })
  residenceStatusEnc!: string | null;

  /** Blind indexes (HMAC of the normalised value) for duplicate warnings; never reversible. */
  @Index('idx_migrant_workers_phone_bidx')
  @Column({ name: 'phone_bidx', type: 'char', length: 64, nullable: true })
  phoneBidx!: string | null;

  @Index('idx_migrant_workers_email_bidx')
  @Column({ name: 'email_bidx', type: 'char', length: 64, nullable: true })
  emailBidx!: string | null;

  @Index('idx_migrant_workers_telegram_bidx')
  @Column({ name: 'telegram_bidx', type: 'char', length: 64, nullable: true })
  telegramBidx!: string | null;

  /** BCP 47 tag: the language of messages to the person and of the status page. */
  @Column({ name: 'preferred_language', type: 'text' })
  preferredLanguage!: string;

  @Column({ name: 'country_of_work', type: 'char', length: 2 })
  countryOfWork!: string;

  @Column({ type: 'text', nullable: true })
  city!: string | null;

  @Column({ name: 'consent_data_processing', type: 'boolean' })
  consentDataProcessing!: boolean;

  @Column({ name: 'consent_partner_sharing', type: 'text', default: 'none' })
  consentPartnerSharing!: SharingLevel;

  @Column({ name: 'consent_contact_channels', type: 'text', array: true, default: () => "'{}'" })
  consentContactChannels!: ContactChannel[];

  @Column({ name: 'consent_version', type: 'text' })
  consentVersion!: string;

  @Column({ name: 'consent_given_at', type: 'timestamptz' })
  consentGivenAt!: Date;

  /** The person's data key, wrapped by the master key `data_key_master_id`; null once erased. */
  @Column({ name: 'data_key_wrapped', type: 'bytea', nullable: true })
  dataKeyWrapped!: Buffer | null;

  @Column({ name: 'data_key_master_id', type: 'text', nullable: true })
  dataKeyMasterId!: string | null;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Index('idx_migrant_workers_created_by')
  @CreatedByColumn()
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @RowVersionColumn()
  version!: number;
}
