import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Complaint } from './complaint.entity.js';

/** Evidence (payslip, contract photo, chat screenshot): an encrypted file under STORAGE_DIR. */
@Entity({ name: 'complaint_attachments' })
@Index('idx_complaint_attachments_complaint', ['complaintId', 'createdAt'])
export class ComplaintAttachment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_complaint_attachments' })
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_attachments_complaint' })
  complaint?: Complaint;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  /** The original file name may name the person: encrypted. */
  @Column({ name: 'file_name_enc', type: 'text' })
  fileNameEnc!: string;

  /** Sniffed from the content, never taken from the client. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** Relative path under STORAGE_DIR. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
