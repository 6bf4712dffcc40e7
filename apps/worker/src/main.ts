import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigValidationError, loadConfig } from '@mc/config';
import { setProcessLogLabel } from '@mc/logging';
import { createWorkerApp } from './create-worker-app.js';
import { loadWorkerSettings, WorkerSettingsError } from './worker-settings.js';

if (existsSync('.env')) process.loadEnvFile('.env');

/** Longest a shutdown may take before we give up; an orchestrator would SIGKILL soon after. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  setProcessLogLabel('mc-worker');
  const config = loadConfig(process.env, { onWarning: (m) => console.warn(m) });
  const settings = loadWorkerSettings(process.env);
  const app = await createWorkerApp(config, settings);
  // Nest closes the app on the signal (workers wait for their active jobs, then Postgres and Redis
  // connections end) and exits 0; a failed close exits 1.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`Worker shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError || error instanceof WorkerSettingsError) {
    console.error(error.message);
  } else {
    console.error('The worker could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
