import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { Complaint } from './complaint.entity.js';

export const NOTE_VISIBILITIES = ['internal', 'worker'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/**
 * A caseworker's note, or a message the migrant sent from the status page (`fromWorker`, no
 * author, always `worker` visibility). `worker` notes show on the public status page. Body encrypted.
 */
@Entity({ name: 'complaint_notes' })
@Index('idx_complaint_notes_complaint', ['complaintId', 'createdAt'])
export class ComplaintNote {
  @UuidPrimaryColumn('PK_complaint_notes')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => Complaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id', foreignKeyConstraintName: 'fk_complaint_notes_complaint' })
  complaint?: Complaint;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text' })
  visibility!: NoteVisibility;

  @Column({ name: 'from_worker', type: 'boolean', default: false })
  fromWorker!: boolean;

  @Column({ name: 'body_enc', type: 'text' })
  bodyEnc!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
