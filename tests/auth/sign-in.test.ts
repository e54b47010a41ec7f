import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../../server/auth/session-policy.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { startAuthServer, type AuthServer } from './auth-server.ts';
import { addTestUser, signInOverHttp, TEST_PASSWORD, type TestSession } from './sessions.ts';

const EXPECTED_CSP_START = "default-src 'self'; script-src 'self'";

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer(FIXTURE);
  await addTestUser(s.db, { username: 'ana', role: 'analyst' });
  await addTestUser(s.db, { username: 'vic', role: 'viewer', scope: { provinces: ['IR-10'] } });
});
afterAll(() => s.close());

const url = (path: string) => new URL(path, s.baseUrl);
const login = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url('/api/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const session = (who?: TestSession) =>
  fetch(url('/api/auth/session'), { headers: who ? { Cookie: who.cookie } : {} });
const dimensions = (who: TestSession) =>
  fetch(url('/trpc/meta.dimensions'), { headers: { Cookie: who.cookie } });

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Strict cookie and answers the user and a CSRF token', async () => {
    const res = await login({ username: 'vic', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hemayat_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const body = (await res.json()) as { user: unknown; csrfToken: string };
    expect(body.user).toEqual({
      username: 'vic',
      role: 'viewer',
      scope: { provinces: ['IR-10'] },
      permissions: ['view'],
    });
    expect(body.csrfToken.length).toBeGreaterThan(30);
  });

  it('answers every refusal alike, in Persian and English, and audits the real reason', async () => {
    const unknown = await login({ username: 'nobody', password: 'whatever-password' });
    const wrong = await login({ username: 'ana', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const a = (await unknown.json()) as { error: { message: string; messageFa: string } };
    const b = (await wrong.json()) as { error: { message: string; messageFa: string } };
    expect(a).toEqual(b);
    expect(a.error.messageFa).toMatch(/گذرواژه/);
    const audit = await listAudit(s.db, { limit: 5, action: 'sign-in' });
    expect(audit.slice(0, 2).map((r) => [r.username, r.outcome, r.detail.reason])).toEqual([
      ['ana', 'denied', 'wrong password'],
      ['nobody', 'denied', 'unknown user'],
    ]);
  });

  it('refuses a malformed body with 400 and an oversized one with 413', async () => {
    expect((await login({ user: 'x' })).status).toBe(400);
    const big = await login({ username: 'ana', password: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
  });

  it('refuses a cross-site sign-in (Origin of another site)', async () => {
    const res = await login(
      { username: 'ana', password: TEST_PASSWORD },
      { Origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
  });

  it('carries the security headers on auth responses and never a stack trace', async () => {
    for (const res of [
      await login({ username: 'ana', password: TEST_PASSWORD }),
      await login({ username: 'ana', password: 'wrong password' }),
      await session(),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain(EXPECTED_CSP_START);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe('sessions', () => {
  it('reports the session, and sign-out ends it server-side', async () => {
    const who = await signInOverHttp(s.baseUrl, 'ana');
    expect((await session(who)).status).toBe(200);
    const out = await fetch(url('/api/auth/logout'), { method: 'POST', headers: who.headers });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    // The old cookie, replayed, is worthless.
    expect((await session(who)).status).toBe(401);
    expect((await dimensions(who)).status).toBe(401);
    const audit = await listAudit(s.db, { limit: 1, action: 'sign-out' });
    expect(audit[0]?.username).toBe('ana');
  });

  it('expires after 30 idle minutes, but activity keeps it alive', async () => {
    const who = await signInOverHttp(s.baseUrl, 'ana');
    s.clock.advance(20 * 60_000);
    expect((await dimensions(who)).status).toBe(200);
    s.clock.advance(20 * 60_000); // 40 min since sign-in, 20 since last seen
    expect((await dimensions(who)).status).toBe(200);
    s.clock.advance(31 * 60_000);
    expect((await dimensions(who)).status).toBe(401);
    expect((await session(who)).status).toBe(401);
  });

  it('expires after 12 hours whatever the activity', async () => {
    const who = await signInOverHttp(s.baseUrl, 'ana');
    for (let i = 0; i < 24; i++) {
      s.clock.advance(29 * 60_000);
      expect((await session(who)).status, `after ${(i + 1) * 29} min`).toBe(200);
    }
    s.clock.advance(29 * 60_000); // 12 h 5 min
    expect((await session(who)).status).toBe(401);
  });

  it('ends when the user is disabled', async () => {
    await addTestUser(s.db, { username: 'temp', role: 'viewer' });
    const who = await signInOverHttp(s.baseUrl, 'temp');
    await s.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'temp').execute();
    expect((await session(who)).status).toBe(401);
  });
});

describe('lockout', () => {
  it(`locks after ${MAX_FAILED_ATTEMPTS} failures, even for the right password, until the window ends`, async () => {
    await addTestUser(s.db, { username: 'locky', role: 'viewer' });
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      expect((await login({ username: 'locky', password: `wrong ${i} password` })).status).toBe(
        401,
      );
    }
    expect((await login({ username: 'locky', password: TEST_PASSWORD })).status).toBe(401);
    const lockouts = await listAudit(s.db, { limit: 1, action: 'lockout' });
    expect(lockouts[0]?.username).toBe('locky');
    s.clock.advance(LOCKOUT_MS - 60_000);
    expect((await login({ username: 'locky', password: TEST_PASSWORD })).status).toBe(401);
    s.clock.advance(61_000);
    expect((await login({ username: 'locky', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('brakes one address trying many usernames (429)', async () => {
    // Another server: its in-memory limiter starts empty and this test fills it.
    const other = await startAuthServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await fetch(new URL('/api/auth/login', other.baseUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: `user${i}`, password: 'some password' }),
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses a tRPC mutation without the token, with a wrong one, or from another origin', async () => {
    const who = await signInOverHttp(s.baseUrl, 'ana');
    const create = (headers: Record<string, string>) =>
      fetch(url('/trpc/views.create'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'mine', path: '/provinces', query: '' }),
      });
    expect((await create({ Cookie: who.cookie })).status).toBe(403);
    expect((await create({ Cookie: who.cookie, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    expect((await create({ ...who.headers, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await create({})).status).toBe(401);
    const ok = await create({ ...who.headers, Origin: s.baseUrl });
    expect(ok.status).toBe(200);
  });

  it('refuses sign-out without the token', async () => {
    const who = await signInOverHttp(s.baseUrl, 'ana');
    const res = await fetch(url('/api/auth/logout'), {
      method: 'POST',
      headers: { Cookie: who.cookie },
    });
    expect(res.status).toBe(403);
    expect((await session(who)).status).toBe(200);
  });
});
