import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTERED_QUEUES } from '@mc/queue';
import { createTestApi, type TestApi } from '../support/test-api.js';

describe('queue dashboard /admin/queues', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('answers 401 without a token', async () => {
    const res = await api.get('/admin/queues');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 403 to a coordinator', async () => {
    const coordinator = await api.userWithRole('coordinator');
    expect((await api.get('/admin/queues', { token: coordinator.token })).status).toBe(403);
    expect((await api.get('/admin/queues/api/queues', { token: coordinator.token })).status).toBe(403);
  });

  it('serves the board and its API to an admin', async () => {
    const admin = await api.userWithRole('admin');
    const page = await api.get('/admin/queues', { token: admin.token });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const queues = await api.get('/admin/queues/api/queues', { token: admin.token });
    expect(queues.status).toBe(200);
    expect(JSON.stringify(queues.body)).toContain('maintenance');
  });

  it('shows every queue of the catalogue, the own queue of the outbox relay among them', async () => {
    const admin = await api.userWithRole('admin');
    const res = await api.get('/admin/queues/api/queues', { token: admin.token });
    const names = (res.body as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toContain('outbox');
    expect([...names].sort()).toEqual([...REGISTERED_QUEUES].sort());
  });

  /** Opens the board the way a browser does; returns the cookie pair to send back and the header. */
  async function openBoard(token: string): Promise<{ pair: string; header: string }> {
    const res = await fetch(`${api.baseUrl}/admin/queues?token=${token}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/queues');
    const header = res.headers.get('set-cookie') ?? '';
    return { pair: header.split(';')[0]!, header };
  }
  const withCookie = (pair: string, path = '/admin/queues') =>
    fetch(`${api.baseUrl}${path}`, { headers: { cookie: pair } });

  it('trades a token in the URL for a short-lived, board-only cookie that never holds the token', async () => {
    const admin = await api.userWithRole('admin');
    const { pair, header } = await openBoard(admin.token);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/admin\/queues(;|$)/);
    expect(header).toMatch(/; Max-Age=900(;|$)/);
    expect(header).not.toContain(admin.token);
    expect(header).not.toContain(admin.token.slice(4, 20));
    expect((await withCookie(pair)).status).toBe(200);
    expect((await withCookie(pair, '/admin/queues/api/queues')).status).toBe(200);
    // Board-only: the API does not take it, neither as a cookie nor as a bearer token.
    const value = pair.slice(pair.indexOf('=') + 1);
    expect((await api.get('/api/v1/users', { headers: { cookie: pair } })).status).toBe(401);
    expect((await api.get('/api/v1/users', { token: value })).status).toBe(401);
  });

  it('closes the board when the session behind the cookie logs out, or its user is no longer an admin', async () => {
    const admin = await api.userWithRole('admin');
    const { pair } = await openBoard(admin.token);
    expect((await api.post('/api/v1/auth/logout', undefined, { token: admin.token })).status).toBe(204);
    expect((await withCookie(pair)).status).toBe(401);

    const other = await api.userWithRole('admin');
    const second = await openBoard(other.token);
    const head = await api.userWithRole('admin');
    const user = await api.get(`/api/v1/users/${other.id}`, { token: head.token });
    const demoted = await api.patch(
      `/api/v1/users/${other.id}`,
      { role: 'coordinator', version: user.body.version },
      { token: head.token },
    );
    expect(demoted.status).toBe(200);
    // A role change revokes the user's sessions, and the board's cookie with them.
    expect((await withCookie(second.pair)).status).toBe(401);
  });

  it('refuses a tampered, foreign or malformed cookie with 401, never 500', async () => {
    const admin = await api.userWithRole('admin');
    const { pair } = await openBoard(admin.token);
    const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    const [sessionId, expires, mac] = value.split('.');
    const later = `${name}=${sessionId}.${Number(expires) + 86_400}.${mac}`;
    const otherSession = `${name}=00000000-0000-4000-8000-000000000000.${expires}.${mac}`;
    for (const cookie of [later, otherSession, `${name}=${admin.token}`, `${name}=%`, `${name}=a.b.c.d`]) {
      const res = await withCookie(cookie);
      expect(res.status, cookie).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
