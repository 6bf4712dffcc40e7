import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { ConfigModule, loadConfig } from '@mc/config';
import { DatabaseModule } from '@mc/database';
import { SecurityModule, UsersService, MIN_PASSWORD_LENGTH } from '@mc/security';
import { randomBytes } from 'node:crypto';

/**
 * `npm run admin:create -- --email someone@example.org [--name "Display Name"]`
 * The password comes from ADMIN_PASSWORD, or a random one is generated and printed once.
 */
if (existsSync('.env')) process.loadEnvFile('.env');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: false,
  });
  const config = loadConfig();
  const email = values.email ?? config.adminEmail;
  if (!email) throw new Error('give --email (or set ADMIN_EMAIL)');
  const password = config.adminPassword ?? randomBytes(18).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ applicationName: 'mc-admin-create' }),
      SecurityModule,
    ],
  })
  class AdminCreateModule {}

  const app = await NestFactory.createApplicationContext(AdminCreateModule, { logger: ['error'] });
  try {
    const user = await app
      .get(UsersService)
      .create({ email, displayName: values.name ?? 'Administrator', role: 'admin', password }, null);
    console.log(`created admin ${user.email}`);
    if (!config.adminPassword) console.log(`password (shown once, change it): ${password}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
