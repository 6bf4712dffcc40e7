import { Transform } from 'class-transformer';
import {
  IsBase64,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/**
 * The process environment as the application accepts it. Every variable is validated at start:
 * a bad value stops the process with the variable's name instead of failing later at 3 a.m.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis key this process writes; tests use one per run. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, _ or -' })
  REDIS_PREFIX?: string;

  @IsOptional()
  @IsEmail({ require_tld: false })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsBase64()
  MASTER_KEY?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  STORAGE_DIR?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of notification e-mails: `noreply@example.org` or `Name <noreply@example.org>`. */
  @IsOptional()
  @Matches(/^(?:[^<>\r\n]{0,100}<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message: 'MAIL_FROM must be an address or "Name <address>"',
  })
  MAIL_FROM?: string;

  @IsOptional()
  @IsString()
  TELEGRAM_BOT_TOKEN?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TELEGRAM_API_URL?: string;

  @IsOptional()
  @Matches(/^$|^[A-Za-z0-9.\-[\]:]+:\d+(,[A-Za-z0-9.\-[\]:]+:\d+)*$/, {
    message: 'OUTBOUND_ALLOWLIST must be a comma-separated list of host:port',
  })
  OUTBOUND_ALLOWLIST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(240)
  RETENTION_MONTHS?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** Sessions: absolute lifetime and idle timeout, in minutes. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES?: number;

  /** Login attempts allowed per IP and per email within LOGIN_WINDOW_SECONDS. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_EMAIL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS?: number;

  /**
   * Behind a reverse proxy: the proxies' addresses or CIDRs, comma-separated (their
   * X-Forwarded-For is believed), or `true` to believe any hop (only when nothing reaches the
   * API but through the proxy). Fastify ignores a bare hop count, so none is accepted. Without it every request comes from the
   * proxy's address and the per-address rate limits would count everybody together.
   */
  @IsOptional()
  @Matches(/^(true|false|[0-9a-fA-F.:/]*[.:][0-9a-fA-F.:/]*(\s*,\s*[0-9a-fA-F.:/]*[.:][0-9a-fA-F.:/]*)*)$/, {
    message: 'TRUST_PROXY must be true, false or a comma-separated list of proxy addresses or CIDRs',
  })
  TRUST_PROXY?: string;

  /** Public intake posts allowed per IP within INTAKE_LIMIT_WINDOW_SECONDS. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INTAKE_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INTAKE_LIMIT_WINDOW_SECONDS?: number;

  /** Status lookups and replies allowed per IP and per reference within STATUS_LIMIT_WINDOW_SECONDS. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STATUS_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STATUS_LIMIT_PER_REFERENCE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STATUS_LIMIT_WINDOW_SECONDS?: number;
}
