import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/test-api.js';

describe('auth and users', () => {
  let api: TestApi;
  let admin: { id: string; token: string };

  beforeAll(async () => {
    api = await createTestApi({ LOGIN_LIMIT_PER_EMAIL: '4', LOGIN_LIMIT_PER_IP: '40' });
    admin = await api.userWithRole('admin');
  });
  afterAll(() => api.close());

  it('signs in with the right password and returns an opaque token and the user', async () => {
    const user = await api.userWithRole('caseworker');
    const res = await api.get('/api/v1/auth/me', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, email: user.email, role: 'caseworker' });
    expect(res.body).not.toHaveProperty('passwordHash');
    expect(user.token).toMatch(/^mcs_[A-Za-z0-9_-]{43}$/);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const user = await api.userWithRole('analyst');
    const wrong = await api.post('/api/v1/auth/login', { email: user.email, password: 'wrong password!!' });
    const unknown = await api.post('/api/v1/auth/login', {
      email: 'nobody-here@test.local',
      password: 'wrong password!!',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('accepts addresses without a top-level domain, like the bootstrap admin@localhost', async () => {
    const created = await api.post(
      '/api/v1/users',
      { email: 'ops-desk@localhost', displayName: 'Ops', role: 'analyst', password: 'long enough password' },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    const login = await api.post('/api/v1/auth/login', {
      email: 'ops-desk@localhost',
      password: 'long enough password',
    });
    expect(login.status).toBe(200);
  });

  it('answers 401 without a token and with a forged one', async () => {
    expect((await api.get('/api/v1/auth/me')).status).toBe(401);
    expect((await api.get('/api/v1/auth/me', { token: 'mcs_' + 'A'.repeat(43) })).status).toBe(401);
    expect((await api.get('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('revokes the token on logout', async () => {
    const user = await api.userWithRole('coordinator');
    const out = await api.post('/api/v1/auth/logout', undefined, { token: user.token });
    expect(out.status).toBe(204);
    expect((await api.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
  });

  it('limits login attempts per email with 429', async () => {
    const user = await api.userWithRole('analyst');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await api.post('/api/v1/auth/login', { email: user.email, password: 'not the password' })).status);
    }
    // userWithRole's own login counted as the first attempt of the window.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    const limited = await api.post('/api/v1/auth/login', { email: user.email, password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe('urn:mc:problem:rate-limited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });

  it('limits login attempts per client address with 429', async () => {
    const perIp = await createTestApi({ LOGIN_LIMIT_PER_IP: '3', LOGIN_LIMIT_PER_EMAIL: '100' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const email = `someone-${i}@test.local`;
        statuses.push((await perIp.post('/api/v1/auth/login', { email, password: 'whatever12345' })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await perIp.close();
    }
  });

  describe('roles', () => {
    it('refuses /users to every role but admin with 403', async () => {
      for (const role of ['coordinator', 'caseworker', 'analyst'] as const) {
        const user = await api.userWithRole(role);
        const res = await api.get('/api/v1/users', { token: user.token });
        expect(res.status, role).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });
  });

  describe('/users', () => {
    it('creates, reads, lists and updates users', async () => {
      const created = await api.post(
        '/api/v1/users',
        {
          email: 'New.Volunteer@Test.local',
          displayName: 'New Volunteer',
          role: 'caseworker',
          password: 'long enough password',
        },
        { token: admin.token },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        email: 'new.volunteer@test.local',
        role: 'caseworker',
        active: true,
        version: 1,
      });
      const id = created.body.id as string;
      expect((await api.get(`/api/v1/users/${id}`, { token: admin.token })).body.displayName).toBe('New Volunteer');

      const page = await api.get('/api/v1/users?limit=1', { token: admin.token });
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.nextCursor).toBeTruthy();
      const next = await api.get(`/api/v1/users?limit=200&cursor=${page.body.nextCursor}`, { token: admin.token });
      expect(next.body.items.map((u: { id: string }) => u.id)).not.toContain(page.body.items[0].id);

      const renamed = await api.patch(
        `/api/v1/users/${id}`,
        { displayName: 'Renamed', role: 'coordinator' },
        { token: admin.token, headers: { 'if-match': '"1"' } },
      );
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ displayName: 'Renamed', role: 'coordinator', version: 2 });
    });

    it('refuses a duplicate email with 409', async () => {
      const body = {
        email: 'twice@test.local',
        displayName: 'Twice',
        role: 'analyst',
        password: 'long enough password',
      };
      expect((await api.post('/api/v1/users', body, { token: admin.token })).status).toBe(201);
      const again = await api.post('/api/v1/users', { ...body, email: 'TWICE@test.local' }, { token: admin.token });
      expect(again.status).toBe(409);
    });

    it('refuses a stale version with 409', async () => {
      const user = await api.userWithRole('analyst');
      expect(
        (await api.patch(`/api/v1/users/${user.id}`, { displayName: 'First', version: 1 }, { token: admin.token }))
          .status,
      ).toBe(200);
      const stale = await api.patch(
        `/api/v1/users/${user.id}`,
        { displayName: 'Second', version: 1 },
        { token: admin.token },
      );
      expect(stale.status).toBe(409);
      expect((await api.get(`/api/v1/users/${user.id}`, { token: admin.token })).body.displayName).toBe('First');
    });

    it('refuses a password shorter than 12 characters', async () => {
      const res = await api.post(
        '/api/v1/users',
        { email: 'short@test.local', displayName: 'Short', role: 'analyst', password: 'elevenchars' },
        { token: admin.token },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });

    it('answers 404 for an unknown user id', async () => {
      const res = await api.get('/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { token: admin.token });
      expect(res.status).toBe(404);
    });

    it('revokes every session of a deactivated user and refuses new logins', async () => {
      const user = await api.userWithRole('caseworker');
      expect((await api.get('/api/v1/auth/me', { token: user.token })).status).toBe(200);
      const res = await api.patch(`/api/v1/users/${user.id}`, { active: false }, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect((await api.get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
      const login = await api.post('/api/v1/auth/login', { email: user.email, password: 'correct horse battery' });
      expect(login.status).toBe(401);
    });
  });

  describe('audit', () => {
    it('records logins, logouts and user changes, and the chain verifies', async () => {
      const user = await api.userWithRole('caseworker');
      await api.post('/api/v1/auth/logout', undefined, { token: user.token });
      const events = await api.get(`/api/v1/audit?actorId=${user.id}`, { token: admin.token });
      expect(events.status).toBe(200);
      const actions = (events.body.items as Array<{ action: string }>).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
      const created = await api.get(`/api/v1/audit?entityType=user&entityId=${user.id}`, { token: admin.token });
      expect((created.body.items as Array<{ action: string }>).map((e) => e.action)).toContain('user.create');
      const verify = await api.get('/api/v1/audit/verify', { token: admin.token });
      expect(verify.status).toBe(200);
      expect(verify.body).toMatchObject({ ok: true, firstBrokenId: null });
      expect(verify.body.checked).toBeGreaterThan(3);
    });

    it('keeps /audit for admins only', async () => {
      const coordinator = await api.userWithRole('coordinator');
      expect((await api.get('/api/v1/audit', { token: coordinator.token })).status).toBe(403);
      expect((await api.get('/api/v1/audit/verify', { token: coordinator.token })).status).toBe(403);
    });
  });
});
