import { Logger } from '@nestjs/common';
import { JobHandler, type JobHandlerOf } from '@mc/queue';
import { AuditService } from '@mc/security';

/** The message of the checkpoint log line, for whoever searches the log for it. */
export const AUDIT_CHECKPOINT_LOG_MESSAGE = 'audit chain checkpoint';

/**
 * Writes a signed checkpoint of the audit chain's head to `audit_checkpoints` and logs the same
 * facts (ids, seq, hash, count, signature: no personal data) as one info line. The log is the copy
 * outside the database: someone who can rewrite the database can delete checkpoints along with
 * the rows they cut off, but not the lines already shipped from the log.
 */
@JobHandler('audit.checkpoint')
export class AuditCheckpointHandler implements JobHandlerOf<'audit.checkpoint'> {
  private readonly logger = new Logger(AuditCheckpointHandler.name);

  constructor(private readonly audit: AuditService) {}

  async handle(): Promise<void> {
    const checkpoint = await this.audit.checkpoint();
    this.logger.log(
      {
        auditCheckpoint: {
          id: checkpoint.id,
          at: new Date(checkpoint.at).toISOString(),
          headSeq: checkpoint.headSeq,
          headId: checkpoint.headId,
          headHash: checkpoint.headHash,
          rowCount: checkpoint.rowCount,
          signature: checkpoint.signature,
        },
      },
      AUDIT_CHECKPOINT_LOG_MESSAGE,
    );
  }
}
