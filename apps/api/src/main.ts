import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigValidationError, loadConfig } from '@mc/config';
import { setProcessLogLabel } from '@mc/logging';
import { UsersService } from '@mc/security';
import { createApiApp } from './create-api-app.js';
import { exitOnShutdownSignal } from './shutdown.js';

if (existsSync('.env')) process.loadEnvFile('.env');

async function main(): Promise<void> {
  setProcessLogLabel('mc-api');
  const config = loadConfig(process.env, { onWarning: (m) => console.warn(m) });
  const app = await createApiApp(config);
  exitOnShutdownSignal(() => app.close());
  if (config.adminEmail && config.adminPassword) {
    await app.get(UsersService).ensureBootstrapAdmin(config.adminEmail, config.adminPassword);
  }
  await app.listen({ port: config.port, host: config.host });
  console.log(`API listening on ${config.publicBaseUrl}/api/v1 (docs: ${config.publicBaseUrl}/docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    console.error(error.message);
  } else {
    console.error('The API could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
