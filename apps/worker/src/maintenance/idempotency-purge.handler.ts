import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler, type JobHandlerOf } from '@mc/queue';
import { purgeExpiredIdempotencyKeys } from '@mc/security';

/** Deletes expired Idempotency-Key rows (repeatable, every 10 min): a key is kept 24 h, not forever. */
@JobHandler('idempotency.purge')
export class IdempotencyPurgeHandler implements JobHandlerOf<'idempotency.purge'> {
  private readonly logger = new Logger(IdempotencyPurgeHandler.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async handle(): Promise<void> {
    const result = await purgeExpiredIdempotencyKeys(this.db);
    if (result.deleted > 0) this.logger.log(result, 'expired idempotency keys purged');
  }
}
