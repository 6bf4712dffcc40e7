import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, RowVersionColumn, UpdatedAtColumn, UuidPrimaryColumn } from '@mc/database';
import type { Role } from '../access/roles.js';
import type { UserLocale } from './user-locale.js';

/** A person who signs in: a volunteer, coordinator, analyst or admin. Migrants never have accounts. */
@Entity({ name: 'users' })
@Check('chk_users_role', `"role" IN ('admin', 'coordinator', 'caseworker', 'analyst')`)
@Check('chk_users_locale', `"locale" IN ('en', 'ru', 'uk')`)
export class User {
  @UuidPrimaryColumn('PK_users')
  id!: string;

  /** Stored lower-cased, so the unique index also catches case variants. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Chat of this user with the notification bot; null: no Telegram notifications. */
  @Column({ name: 'telegram_chat_id', type: 'text', nullable: true })
  telegramChatId!: string | null;

  /** Language of the user's notifications (in-app, e-mail, Telegram): `en`, `ru` or `uk`. */
  @Column({ type: 'text', default: 'en' })
  locale!: UserLocale;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @RowVersionColumn()
  version!: number;
}
