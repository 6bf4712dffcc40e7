import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@mc/config';
import { AuditKeys } from './audit-chain.js';
import { AuditCheckpoint } from './audit-checkpoint.entity.js';
import { AuditEvent } from './audit-event.entity.js';
import { AUDIT_KEYS, AuditService } from './audit.service.js';

/** The audit log: `AuditService.record` for every library that changes or reads sensitive data. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent, AuditCheckpoint])],
  providers: [
    // Derived from the master key (environment or key file), never stored in the database.
    {
      provide: AUDIT_KEYS,
      useFactory: (config: AppConfig) => AuditKeys.fromMasterKey(config.masterKey),
      inject: [APP_CONFIG],
    },
    AuditService,
  ],
  exports: [AuditService],
})
export class AuditModule {}
