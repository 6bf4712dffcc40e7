import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerContract } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TypeOrmLogger } from './typeorm-logger.js';

describe('TypeOrmLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs a failed query with its SQL and error code, never its bound values', () => {
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      driverError: { code: '22021' },
    });
    // TypeORM calls it with the bound values too: they must be dropped here.
    const logger: TypeOrmLoggerContract = new TypeOrmLogger();
    logger.logQueryError(failure, 'INSERT INTO "users"("email") VALUES ($1)', ['volunteer@example.org']);
    expect(error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(error.mock.calls[0]);
    expect(logged).toContain('INSERT INTO \\"users\\"');
    expect(logged).toContain('22021');
    expect(logged).not.toContain('volunteer@example.org');
  });

  it('logs nothing for queries that succeed', () => {
    const calls = ['log', 'debug', 'verbose', 'warn', 'error'].map((level) =>
      vi.spyOn(Logger.prototype, level as 'log').mockImplementation(() => undefined),
    );
    new TypeOrmLogger().logQuery();
    new TypeOrmLogger().log('info', 'All classes found using provided glob pattern');
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
  });
});
