import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

describe('HTTP basics', () => {
  let api: TestApi;
  let admin: { token: string };

  beforeAll(async () => {
    api = await createTestApi();
    admin = await api.userWithRole('admin');
  });
  afterAll(() => api.close());

  it('answers an unknown route with a 404 problem', async () => {
    const res = await api.get('/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', {
      rawBody: '{"email": "a@b.c", "password": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.body.detail).toMatch(/not valid JSON/);
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', {
      rawBody: 'email=a@b.c',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415 });
  });

  it('refuses unknown fields with 400 and names them', async () => {
    const res = await api.post('/api/v1/auth/login', { email: 'a@b.c', password: 'whatever', isAdmin: true });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:mc:problem:validation-error');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
  });

  it('lists every invalid field, without echoing the values', async () => {
    const res = await api.post(
      '/api/v1/users',
      { email: 'not-an-email', displayName: '', role: 'boss', password: 'short' },
      { token: admin.token },
    );
    expect(res.status).toBe(400);
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'displayName', 'role', 'password']));
    expect(res.text).not.toContain('not-an-email');
  });

  it('refuses a malformed UUID in the path with 400', async () => {
    const res = await api.get('/api/v1/users/not-a-uuid', { token: admin.token });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers every request with an X-Request-Id of its own, also when the caller sends one', async () => {
    const fresh = await api.get('/health');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await api.get('/health', { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(traced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const insane = await api.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("records the server's request id in the audit log, never the id a caller chose", async () => {
    const login = await api.request('POST', '/api/v1/auth/login', {
      body: { email: 'nobody-audit@test.local', password: 'wrong password here' },
      headers: { 'x-request-id': 'forged-request-id-0001' },
    });
    expect(login.status).toBe(401);
    const ours = login.headers.get('x-request-id')!;
    expect(ours).not.toBe('forged-request-id-0001');
    const audit = await api.get('/api/v1/audit?limit=200', { token: admin.token });
    const ids = audit.body.items.map((e: { requestId: string | null }) => e.requestId);
    expect(ids).toContain(ours);
    expect(ids).not.toContain('forged-request-id-0001');
  });

  it('forbids caching every API answer, success or problem, and the queue board', async () => {
    const caseworker = await api.userWithRole('caseworker');
    const answers = [
      await api.get('/api/v1/workers', { token: caseworker.token }),
      await api.get('/api/v1/auth/me', { token: caseworker.token }),
      await api.get('/api/v1/workers'), // 401
      await api.get('/api/v1/users/not-a-uuid', { token: admin.token }), // 400
      await api.post('/api/v1/auth/login', { email: 'x@y.z', password: 'wrong password' }), // 401
      await api.get('/admin/queues'), // 401
    ];
    for (const res of answers) expect(res.headers.get('cache-control'), `${res.status} ${res.text}`).toBe('no-store');
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 400, 401, 401]);
  });

  it('reports Postgres and Redis health at /health', async () => {
    const res = await api.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('exposes Prometheus metrics with route patterns, not concrete ids', async () => {
    await api.get('/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { token: admin.token });
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('route="/api/v1/users/:id"');
    expect(res.text).not.toContain('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(res.text).toContain('mc_queue_jobs');
  });

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const json = await api.get('/docs/json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/audit']),
    );
    const ui = await api.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('sets security headers (helmet)', async () => {
    const res = await api.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeTruthy();
  });
});
