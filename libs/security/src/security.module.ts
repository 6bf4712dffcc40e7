import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './access/access.guard.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthService } from './auth/auth.service.js';
import { FieldEncryptionService } from './crypto/field-encryption.service.js';
import { Session } from './sessions/session.entity.js';
import { SessionsService } from './sessions/sessions.service.js';
import { User } from './users/user.entity.js';
import { UsersService } from './users/users.service.js';

/** Identity and access: users, sessions, the access guard and the audit log. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Session]), AuditModule],
  providers: [SessionsService, UsersService, AuthService, AccessGuard, FieldEncryptionService],
  exports: [SessionsService, UsersService, AuthService, AccessGuard, FieldEncryptionService, AuditModule],
})
export class SecurityModule {}
