import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@mc/security';

/**
 * One in-app notification of one user; the e-mail and Telegram copies are its deliveries.
 * `title` and `body` leave the system by e-mail and Telegram, so they never hold personal data of
 * migrants: only case references (`MC-2026-00042`), step types and dates (see `notification-content.ts`).
 * `complaint_id` and `step_id` are plain references without foreign keys: this library sits below
 * complaints and deadlines (they notify through it) and a notification outlives nothing it points at.
 */
@Entity({ name: 'notifications' })
@Index('idx_notifications_user', ['userId', 'id'])
@Index('idx_notifications_user_unread', ['userId', 'id'], { where: '"read_at" IS NULL' })
export class Notification {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_notifications' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  /** `reminder.due`, `step.overdue`, `test`, ... */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'complaint_id', type: 'uuid', nullable: true })
  complaintId!: string | null;

  @Column({ name: 'step_id', type: 'uuid', nullable: true })
  stepId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
