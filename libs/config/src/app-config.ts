export type NodeEnv = 'development' | 'production' | 'test';

/** The validated, typed settings of one process. Built once at start by `loadConfig`. */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly host: string;
  /** Set when DATABASE_URL was given; otherwise the launcher decides (local or embedded). */
  readonly databaseUrl: string;
  readonly databaseUrlConfigured: boolean;
  readonly redisUrl: string;
  readonly redisUrlConfigured: boolean;
  readonly redisPrefix: string;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  /** 32 raw bytes; never logged. */
  readonly masterKey: Buffer;
  /** Where the key came from, for a start-up warning (not the key itself). */
  readonly masterKeySource: 'env' | 'file' | 'generated';
  readonly dataDir: string;
  readonly storageDir: string;
  readonly publicBaseUrl: string;
  readonly smtpUrl?: string;
  /** Sender of notification e-mails; default `Migrant Collective <noreply@<PUBLIC_BASE_URL host>>`. */
  readonly mailFrom: string;
  readonly telegramBotToken?: string;
  readonly telegramApiUrl: string;
  readonly outboundAllowlist: readonly string[];
  readonly retentionMonths: number;
  readonly logLevel: string;
  readonly session: { readonly ttlMinutes: number; readonly idleMinutes: number };
  readonly loginLimits: { readonly perIp: number; readonly perEmail: number; readonly windowSeconds: number };
  /** Fastify's `trustProxy`: whose X-Forwarded-For gives the client address (false: nobody's). */
  readonly trustProxy: boolean | string;
  /** Public intake posts per client address. */
  readonly intakeLimits: { readonly perIp: number; readonly windowSeconds: number };
  /** Status page lookups and replies, per client address and per case reference. */
  readonly statusLimits: { readonly perIp: number; readonly perReference: number; readonly windowSeconds: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
