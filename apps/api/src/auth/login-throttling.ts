import { createHash } from 'node:crypto';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '@mc/config';

interface LoginRequest {
  ip?: string;
  body?: { email?: unknown };
}

/**
 * Login attempts are limited per client address and per account, in Redis so every API replica
 * counts together. The email is hashed before it becomes a key: Redis never holds personal data.
 */
export function loginThrottlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.loginLimits.windowSeconds * 1000;
  return {
    storage: new ThrottlerStorageRedisService(config.redisUrl, {
      keyPrefix: `${config.redisPrefix}:throttle:`,
      maxRetriesPerRequest: 2,
      connectionName: 'mc-throttle',
    }),
    throttlers: [
      {
        name: 'login-ip',
        ttl,
        limit: config.loginLimits.perIp,
        getTracker: (req: Record<string, unknown>) => (req as LoginRequest).ip ?? 'unknown',
      },
      {
        name: 'login-email',
        ttl,
        limit: config.loginLimits.perEmail,
        getTracker: (req: Record<string, unknown>) => {
          const email = (req as LoginRequest).body?.email;
          const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
          return 'email-' + createHash('sha256').update(normalised).digest('hex');
        },
      },
    ],
  };
}
