import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@mc/config';
import { DatabaseModule } from '@mc/database';
import { EscalationsModule } from '@mc/escalations';
import { QueueModule } from '@mc/queue';

/** Plain .mjs has no decorator syntax: apply `@Module({})` by hand. */
class BenchProducerModule {}
Module({})(BenchProducerModule);

/**
 * A Nest application context shaped like the API's side of reminders: config, Postgres, BullMQ as
 * a producer (no consumers, so nothing is processed) and the escalations module. Get services with
 * `ctx.get(ReminderSyncService)` etc. Close it with `ctx.close()`.
 */
export async function createProducerContext(config, { imports = [] } = {}) {
  return NestFactory.createApplicationContext(
    {
      module: BenchProducerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ applicationName: 'mc-bench' }),
        QueueModule.forRoot({ role: 'producer' }),
        EscalationsModule,
        ...imports,
      ],
    },
    { logger: ['error', 'warn'], abortOnError: false },
  );
}
