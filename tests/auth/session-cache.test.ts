import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeUser } from '../../server/auth/user-admin.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { hashToken, SESSION_COOKIE } from '../../server/auth/session-policy.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { startAuthServer, type AuthServer } from './auth-server.ts';
import { newSession, signInOverHttp, type TestSession } from './sessions.ts';

// The session check and the summary are remembered between requests (stores/session-cache.ts,
// queries/answer-memo.ts); these are the changes that must still take effect on the next request.

let s: AuthServer;
beforeAll(async () => {
  s = await startAuthServer(FIXTURE);
});
afterAll(() => s.close());

const SUMMARY = `/trpc/stats.summary?input=${encodeURIComponent(JSON.stringify({ filters: {} }))}`;

async function summary(who: TestSession): Promise<{ status: number; units?: number }> {
  const res = await fetch(new URL(SUMMARY, s.baseUrl), { headers: who.headers });
  if (res.status !== 200) return { status: res.status };
  const body = (await res.json()) as { result: { data: { current: { units: number } } } };
  return { status: 200, units: body.result.data.current.units };
}

/** Writes through a connection of its own, as `npm run user` in another process would. */
async function viaOtherConnection(
  write: (db: ReturnType<typeof openDatabase>) => Promise<unknown>,
): Promise<void> {
  const other = openDatabase(s.location);
  try {
    await write(other);
  } finally {
    await other.destroy();
  }
}

describe('remembered sessions and answers', () => {
  it('answers each province viewer with its own numbers after a national viewer asked', async () => {
    const national = await newSession(s.db, s.baseUrl, { username: 'all1', role: 'viewer' });
    const tehran = await newSession(s.db, s.baseUrl, {
      username: 'teh1',
      role: 'viewer',
      scope: { provinces: ['IR-23'] },
    });
    const isfahan = await newSession(s.db, s.baseUrl, {
      username: 'isf1',
      role: 'viewer',
      scope: { provinces: ['IR-10'] },
    });
    // FIXTURE: units counted in 1402 are U1, U2, U5 (IR-10) and U3 (IR-23).
    for (let round = 0; round < 2; round++) {
      expect(await summary(national)).toEqual({ status: 200, units: 4 });
      expect(await summary(tehran)).toEqual({ status: 200, units: 1 });
      expect(await summary(isfahan)).toEqual({ status: 200, units: 3 });
    }
  });

  it('applies a narrowed scope at once (the change ends the sessions)', async () => {
    const who = await newSession(s.db, s.baseUrl, { username: 'narrow1', role: 'viewer' });
    expect(await summary(who)).toEqual({ status: 200, units: 4 });
    await changeUser(s.db, 'narrow1', { provinces: 'IR-23' }, { username: null, now: s.clock.now });
    expect((await summary(who)).status).toBe(401);
    const again = await signInOverHttp(s.baseUrl, 'narrow1');
    expect(await summary(again)).toEqual({ status: 200, units: 1 });
  });

  it('refuses at once an account disabled through another connection', async () => {
    const who = await newSession(s.db, s.baseUrl, { username: 'off1', role: 'viewer' });
    expect((await summary(who)).status).toBe(200);
    await viaOtherConnection((db) =>
      db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'off1').execute(),
    );
    expect((await summary(who)).status).toBe(401);
  });

  it('refuses at once a session deleted through another connection', async () => {
    const who = await newSession(s.db, s.baseUrl, { username: 'gone1', role: 'viewer' });
    expect((await summary(who)).status).toBe(200);
    const token = who.cookie.slice(`${SESSION_COOKIE}=`.length);
    await viaOtherConnection((db) =>
      db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute(),
    );
    expect((await summary(who)).status).toBe(401);
  });

  it('still signs out after the idle timeout, from a remembered session', async () => {
    const who = await newSession(s.db, s.baseUrl, { username: 'idle1', role: 'viewer' });
    expect((await summary(who)).status).toBe(200);
    s.clock.advance(31 * 60_000);
    expect((await summary(who)).status).toBe(401);
  });
});
