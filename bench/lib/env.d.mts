import type pg from 'pg';
import type { AppConfig } from '@mc/config';

export class BenchEnvironment {
  readonly serverUrl: string;
  readonly redisUrl: string;
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  readonly dataDir: string;
  /** The environment variables `config` was loaded from (for a child process: API, worker). */
  readonly appEnvironment: Readonly<Record<string, string>>;
  readonly config: AppConfig;
  readonly pool: pg.Pool;
  readonly tornDown: boolean;
  defer(fn: () => unknown): void;
  subPrefix(label: string): string;
  teardown(): Promise<void>;
}
export function benchServerUrl(): string;
export function benchRedisUrl(): string;
export function createBenchEnvironment(options?: { logLevel?: string }): Promise<BenchEnvironment>;
export function teardownAll(): Promise<void>;
