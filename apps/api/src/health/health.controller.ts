import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '@mc/security';
import { ApiProblemResponses } from '../http/api-problems.js';
import { REDIS_CLIENT } from '../infra/redis.module.js';

const UP = { status: 'up' };

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  /** Liveness and readiness: 200 when Postgres and Redis answer, 503 otherwise. */
  @Get()
  @Public()
  // Terminus documents its 503 as plain JSON; the problem filter answers it as a problem.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  // Public, and it reads nothing from the request: it has no client error (4xx) to document.
  @ApiOperation({ summary: 'Liveness and readiness (Postgres, Redis)', security: [] })
  @ApiOkResponse({
    description: 'Postgres and Redis answer',
    schema: {
      type: 'object',
      example: { status: 'ok', info: { postgres: UP, redis: UP }, error: {}, details: { postgres: UP, redis: UP } },
    },
  })
  @ApiProblemResponses({ 503: 'Postgres or Redis does not answer (`error` and `details` say which)' })
  check() {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          await this.redis.ping();
          return indicator.up();
        } catch {
          return indicator.down({ message: 'Redis does not answer' });
        }
      },
    ]);
  }
}
