import { Module } from '@nestjs/common';
import { AuditModule } from '@mc/security';
import { AuditCheckpointHandler } from './audit-checkpoint.handler.js';

/** The audit log's part of the worker: the periodic signed checkpoint. */
@Module({
  imports: [AuditModule],
  providers: [AuditCheckpointHandler],
})
export class AuditWorkerModule {}
