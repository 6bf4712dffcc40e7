import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@mc/testing';

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

  it('moves a token from the URL into an HttpOnly cookie and redirects', async () => {
    const admin = await api.userWithRole('admin');
    const res = await fetch(`${api.baseUrl}/admin/queues?token=${admin.token}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/queues');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    const page = await fetch(`${api.baseUrl}/admin/queues`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
  });
});
