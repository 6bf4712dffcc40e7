import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';
import { redactDatabaseMessage, truncateQuery } from '@mc/logging';

/**
 * TypeORM's own loggers print a failed query with its bound values (`-- PARAMETERS: [..,
 * "volunteer@example.org", "$argon2id$…"]`): one NUL byte in any field would put a password hash,
 * an e-mail or a wrapped data key on stdout. This one hands failures to the process logger (pino,
 * through Nest) with the SQL text and Postgres' error code only; queries that succeed are not
 * logged at all.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const code = errorCode(error);
    const message = redactDatabaseMessage(typeof error === 'string' ? error : error.message, code);
    this.logger.error({ code, query: truncateQuery(query) }, `query failed: ${message}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ durationMs: time, query: truncateQuery(query) }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // TypeORM's info lines ("All classes found using provided glob pattern …") tell nobody anything.
    if (level === 'warn') this.logger.warn(typeof message === 'string' ? message : 'TypeORM warning');
  }
}

function errorCode(error: string | Error): string | undefined {
  if (typeof error === 'string') return undefined;
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
