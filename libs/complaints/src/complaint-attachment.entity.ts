import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { MigrantWorker } from '@mc/migrants';
import { Complaint } from './complaint.entity.js';

/**
 * Evidence (payslip, contract photo, chat screenshot): an encrypted file under STORAGE_DIR. It is
 * one person's document, encrypted (file and name) under that worker's data key, so erasing the
 * person makes it unreadable. Rows without a worker are from before documents had an owner and
 * are encrypted under the complaint's key.
 */
@Entity({ name: 'complaint_attachments' })
@Index('idx_complaint_attachments_complaint', ['complaintId', 'createdAt'])
@Index('idx_complaint_attachments_worker', ['workerId'])
export class ComplaintAttachment {
  @UuidPrimaryColumn('PK_complaint_attachments')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_attachments_complaint' })
  complaint?: Complaint;

  /** Whose document it is; its key encrypts the file. Null: a document from before owners (complaint key). */
  @Column({ name: 'worker_id', type: 'uuid', nullable: true })
  workerId!: string | null;

  @ManyToOne(() => MigrantWorker, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_complaint_attachments_worker' })
  worker?: MigrantWorker;

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

  @CreatedAtColumn()
  createdAt!: Date;
}
