/** The real API on a free port, for the end-to-end tests. Here, not in libs/testing: a library must not depend on an app. */
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@mc/config';
import { createApiApp } from '@mc/api';
import { UsersService, type Role } from '@mc/security';
import { testConfig } from '@mc/testing';

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed or oversized bodies. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** A real API listening on a free port, talked to over real HTTP. */
export class TestApi {
  constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly baseUrl: string,
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    const type = response.headers.get('content-type') ?? '';
    if (text && type.includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T = any>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  /** Creates a user directly (no HTTP) and signs in over HTTP; returns the token. */
  async userWithRole(
    role: Role,
    password = 'correct horse battery',
  ): Promise<{ id: string; email: string; token: string }> {
    const email = `${role}-${randomBytes(4).toString('hex')}@test.local`;
    const user = await this.app.get(UsersService).create({ email, displayName: `Test ${role}`, role, password }, null);
    const login = await this.post<{ token: string }>('/api/v1/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
    return { id: user.id, email, token: login.body.token };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

export async function createTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const config = testConfig(overrides);
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new TestApi(app, config, `http://127.0.0.1:${port}`);
}
