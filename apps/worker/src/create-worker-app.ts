import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@mc/config';
import { WorkerModule } from './worker.module.js';
import { loadWorkerSettings, type WorkerSettings } from './worker-settings.js';

/**
 * Builds and starts the worker (no HTTP). Used by `main.ts` and by the launcher, which runs the API
 * and the worker in one process. `close()` waits for active jobs, then ends the Postgres pool and
 * every Redis connection, so the process can exit by itself.
 */
export async function createWorkerApp(
  config: AppConfig,
  settings: WorkerSettings = loadWorkerSettings(process.env),
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, settings), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  return app;
}
