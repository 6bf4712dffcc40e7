import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '@mc/database';
import { Complaint } from '@mc/complaints';

/**
 * The key to a complaint's public status page: a 128-bit random token the migrant keeps, stored
 * only as its SHA-256 (a database dump opens no status page), and the language the complaint was
 * filed in, which the page and its labels use.
 */
@Entity({ name: 'complaint_status_tokens' })
export class ComplaintStatusToken {
  @PrimaryColumn({ name: 'complaint_id', type: 'uuid', primaryKeyConstraintName: 'PK_complaint_status_tokens' })
  complaintId!: string;

  @OneToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_status_tokens_complaint' })
  complaint?: Complaint;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ type: 'text' })
  language!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
