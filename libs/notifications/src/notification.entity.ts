import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import { User } from '@mc/security';

/**
 * One in-app notification of one user; the e-mail and Telegram copies are its deliveries.
 * The text is not stored: `kind` and `params` are, and the text is rendered in the recipient's
 * language when the list is read or a copy is sent (`messages/`). Params leave the system as text by
 * e-mail and Telegram, so they never hold personal data of migrants: only case references
 * (`MC-2026-00042`), step types, dates and counts (see `notification-content.ts`).
 * `complaint_id` and `step_id` are plain references without foreign keys: this library sits below
 * complaints and deadlines (they notify through it) and a notification outlives nothing it points at.
 */
@Entity({ name: 'notifications' })
@Index('idx_notifications_user', ['userId', 'id'])
@Index('idx_notifications_user_unread', ['userId', 'id'], { where: '"read_at" IS NULL' })
export class Notification {
  @UuidPrimaryColumn('PK_notifications')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  /** `reminder.due`, `step.overdue`, `test`, ... (a kind of the message catalogue, or any for a text). */
  @Column({ type: 'text' })
  kind!: string;

  /**
   * The message's parameters (`NotificationParamsByKind[kind]`), or `{ text: { title, body } }` for
   * a notification written as text (rows from before per-language messages, literal texts).
   */
  @Column({ type: 'jsonb' })
  params!: object;

  @Column({ name: 'complaint_id', type: 'uuid', nullable: true })
  complaintId!: string | null;

  @Column({ name: 'step_id', type: 'uuid', nullable: true })
  stepId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
