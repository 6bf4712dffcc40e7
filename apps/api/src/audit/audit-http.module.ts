import { Module } from '@nestjs/common';
import { AuditModule } from '@mc/security';
import { AuditController } from './audit.controller.js';

/** `GET /audit` and `GET /audit/verify` (admin). */
@Module({
  imports: [AuditModule],
  controllers: [AuditController],
})
export class AuditHttpModule {}
