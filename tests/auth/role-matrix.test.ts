import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/auth/roles.ts';
import type { Role } from '../../server/db/schema.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { startAuthServer, type AuthServer } from './auth-server.ts';
import { newSession, type TestSession } from './sessions.ts';

type Who = Role | 'anonymous';
/** 'allowed' is the endpoint's own answer (`ok`); any other status is reported as it is. */
type Verdict = 'allowed' | number;

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Who may call it; everyone else signed in gets 403, anonymous 401. */
  allowed: readonly Role[];
  /**
   * What an allowed caller gets (200 when absent): a 500 or any other status is not "allowed",
   * so a fault behind the permission check fails the matrix instead of passing as access.
   */
  ok?: number;
}

const ALL: readonly Role[] = ROLES;
const EXPORTERS: readonly Role[] = ['admin', 'analyst', 'manager'];
const ADMIN: readonly Role[] = ['admin'];
const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

const ENDPOINTS: Endpoint[] = [
  { name: 'meta.dimensions', method: 'GET', path: '/trpc/meta.dimensions', allowed: ALL },
  {
    name: 'stats.summary',
    method: 'GET',
    path: `/trpc/stats.summary${q({ filters: {} })}`,
    allowed: ALL,
  },
  {
    name: 'stats.breakdown',
    method: 'GET',
    path: `/trpc/stats.breakdown${q({ filters: {}, by: 'province' })}`,
    allowed: ALL,
  },
  {
    name: 'stats.timeseries',
    method: 'GET',
    path: `/trpc/stats.timeseries${q({ filters: {}, grain: 'year' })}`,
    allowed: ALL,
  },
  {
    name: 'stats.drill',
    method: 'GET',
    path: `/trpc/stats.drill${q({ filters: {}, level: 'unit' })}`,
    allowed: ALL,
  },
  {
    name: 'stats.impact',
    method: 'GET',
    path: `/trpc/stats.impact${q({ filters: {} })}`,
    allowed: ALL,
  },
  {
    name: 'stats.targets',
    method: 'GET',
    path: `/trpc/stats.targets${q({ filters: {} })}`,
    allowed: ALL,
  },
  {
    name: 'stats.keyMessages',
    method: 'GET',
    path: `/trpc/stats.keyMessages${q({ filters: {} })}`,
    allowed: ALL,
  },
  {
    name: 'stats.plan',
    method: 'GET',
    path: `/trpc/stats.plan${q({ filters: {}, metric: 'amount', by: 'province' })}`,
    allowed: ALL,
  },
  { name: 'views.list', method: 'GET', path: '/trpc/views.list', allowed: ALL },
  {
    name: 'views.create',
    method: 'POST',
    path: '/trpc/views.create',
    body: JSON.stringify({ name: 'v', path: '/', query: '' }),
    allowed: ALL,
  },
  { name: 'auth.me', method: 'GET', path: '/trpc/auth.me', allowed: ALL },
  { name: 'users.list', method: 'GET', path: '/trpc/users.list', allowed: ADMIN },
  {
    name: 'users.update',
    method: 'POST',
    path: '/trpc/users.update',
    body: JSON.stringify({ username: 'nobody-here', role: 'viewer' }),
    allowed: ADMIN,
    ok: 404, // the user does not exist: the change reaches the store, which refuses it
  },
  { name: 'audit.list', method: 'GET', path: `/trpc/audit.list${q({})}`, allowed: ADMIN },
  { name: 'GET /api/auth/session', method: 'GET', path: '/api/auth/session', allowed: ALL },
  { name: 'export csv', method: 'GET', path: '/api/export/provinces.csv', allowed: EXPORTERS },
  { name: 'export xlsx', method: 'GET', path: '/api/export/units.xlsx', allowed: EXPORTERS },
  { name: 'audit csv', method: 'GET', path: '/api/audit.csv', allowed: ADMIN },
  { name: 'templates', method: 'GET', path: '/api/templates', allowed: ADMIN },
  { name: 'import history', method: 'GET', path: '/api/import/history', allowed: ADMIN },
  // No file name: an allowed caller gets 400 before anything is imported.
  {
    name: 'import',
    method: 'POST',
    path: '/api/import?dryRun=1',
    body: 'x',
    allowed: ADMIN,
    ok: 400,
  },
];

let s: AuthServer;
const sessions = new Map<Role, TestSession>();
beforeAll(async () => {
  s = await startAuthServer(FIXTURE);
  for (const role of ROLES)
    sessions.set(role, await newSession(s.db, s.baseUrl, { username: `the-${role}`, role }));
}, 60_000);
afterAll(() => s.close());

async function verdict(who: Who, e: Endpoint): Promise<Verdict> {
  const session = who === 'anonymous' ? undefined : sessions.get(who);
  const res = await fetch(new URL(e.path, s.baseUrl), {
    method: e.method,
    headers: { 'Content-Type': 'application/json', ...(session?.headers ?? {}) },
    ...(e.body !== undefined ? { body: e.body } : {}),
  });
  await res.arrayBuffer();
  return res.status === (e.ok ?? 200) ? 'allowed' : res.status;
}

describe('role × endpoint matrix', () => {
  const whos: Who[] = [...ROLES, 'anonymous'];
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    const got: Record<string, Verdict> = {};
    const want: Record<string, Verdict> = {};
    for (const who of whos) {
      got[who] = await verdict(who, e);
      want[who] = who === 'anonymous' ? 401 : e.allowed.includes(who) ? 'allowed' : 403;
    }
    expect(got).toEqual(want);
  });
});

describe('audit trail over HTTP', () => {
  it('records exports with their filters and row counts, and import attempts', async () => {
    const manager = sessions.get('manager');
    const admin = sessions.get('admin');
    if (!manager || !admin) throw new Error('sessions');
    const res = await fetch(new URL('/api/export/units.csv?province=IR-10&from=1401', s.baseUrl), {
      headers: manager.headers,
    });
    const lines = (await res.text()).trim().split('\r\n');
    await fetch(new URL('/api/import?dryRun=1', s.baseUrl), {
      method: 'POST',
      headers: { ...admin.headers, 'X-File-Name': 'units.csv' },
      body: 'code\n',
    });
    // The audit row is written once the response has been sent: wait for it.
    type AuditRow = { action: string; username: string; detail: Record<string, unknown> };
    let rows: AuditRow[] = [];
    for (let i = 0; i < 50 && !rows.some((r) => r.action === 'import'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const audit = await fetch(new URL('/trpc/audit.list?input={}', s.baseUrl), {
        headers: admin.headers,
      });
      rows = ((await audit.json()) as { result: { data: { rows: AuditRow[] } } }).result.data.rows;
    }
    const exported = rows.find((r) => r.action === 'export' && r.username === 'the-manager');
    expect(exported?.detail).toMatchObject({
      file: 'units.csv',
      query: 'province=IR-10&from=1401',
      rows: lines.length - 1,
    });
    const imported = rows.find((r) => r.action === 'import');
    expect(imported).toMatchObject({ username: 'the-admin', detail: { file: 'units.csv' } });
    const csv = await fetch(new URL('/api/audit.csv?lang=en', s.baseUrl), {
      headers: admin.headers,
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain('the-manager');
  });
});
