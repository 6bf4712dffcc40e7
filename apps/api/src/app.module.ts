import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Registry } from 'prom-client';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@mc/config';
import { DatabaseModule } from '@mc/database';
import { LoggingModule } from '@mc/logging';
import { QueueModule } from '@mc/queue';
import { AccessGuard, SecurityModule } from '@mc/security';
import { AuditHttpModule } from './audit/audit-http.module.js';
import { AuthController } from './auth/auth.controller.js';
import { ComplaintsHttpModule } from './complaints/complaints-http.module.js';
import { DeadlinesHttpModule } from './deadlines/deadlines-http.module.js';
import { EmployersHttpModule } from './employers/employers-http.module.js';
import { EscalationsHttpModule } from './escalations/escalations-http.module.js';
import { HealthController } from './health/health.controller.js';
import { IntakeHttpModule } from './intake/intake-http.module.js';
import { apiThrottlerOptions } from './intake/intake-throttling.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { RedisModule } from './infra/redis.module.js';
import { METRICS_REGISTRY, MetricsController } from './metrics/metrics.controller.js';
import { NotificationsHttpModule } from './notifications/notifications-http.module.js';
import { QueuesHttpModule } from './queues/queues-http.module.js';
import { UsersController } from './users/users.controller.js';
import { WorkersHttpModule } from './workers/workers-http.module.js';

/** The HTTP application: controllers and cross-cutting HTTP concerns; business rules live in libs. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, metrics: Registry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forRoot({ applicationName: 'mc-api' }),
        RedisModule,
        QueueModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        // A factory, so the throttler's Redis connection opens when the app starts, not when the
        // module is declared (the OpenAPI export builds the module graph without connecting).
        ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: apiThrottlerOptions }),
        SecurityModule,
        AuditHttpModule,
        QueuesHttpModule,
        WorkersHttpModule,
        EmployersHttpModule,
        ComplaintsHttpModule,
        DeadlinesHttpModule,
        EscalationsHttpModule,
        NotificationsHttpModule,
        IntakeHttpModule,
      ],
      controllers: [HealthController, MetricsController, AuthController, UsersController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: APP_GUARD, useExisting: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
