import type { Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { RequestLogLine } from '../../server/http/request-log.ts';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { newSession, type TestSession } from '../auth/sessions.ts';
import { createEmptyDb, testDialects, type TestDb } from '../helpers/db.ts';
import { rawRequest, type RawResponse } from './raw-request.ts';

// Issue #17, item 8: a single GET query is answered by trpc-fast-path.ts instead of tRPC's Node
// adapter. Two servers over one database, one with the fast path and one without, are asked the
// same requests (same session, same request id): status, headers and body must be the same,
// save how the body is framed (Content-Length on the fast path, chunked from the adapter).

const FRAMING = new Set([
  'date',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

function meaningful(res: RawResponse): Record<string, unknown> {
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !FRAMING.has(name)));
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

interface TrpcSuccess {
  result: { data: unknown };
}
interface TrpcFailure {
  error: { message: string; code: number; data: { code: string; httpStatus: number } };
}

describe.each(testDialects())('the fast path answers as the adapter does (%s)', (dialect) => {
  let t: TestDb;
  let fast: Server;
  let general: Server;
  let fastUrl: string;
  let generalUrl: string;
  const logs = { fast: [] as RequestLogLine[], general: [] as RequestLogLine[] };
  let admin: TestSession;
  let viewer: TestSession;
  let provincial: TestSession;
  let errors: MockInstance<(...args: unknown[]) => void>;
  let nextId = 0;

  beforeAll(async () => {
    t = await createEmptyDb(dialect);
    await seedDatabase(t.location, { scale: 'small', ...(t.schema ? { schema: t.schema } : {}) });
    const common = { db: t.db, distDir: '/nonexistent', compressionCacheDir: null };
    fast = await createHttpServer({ ...common, requestLog: (l) => logs.fast.push(l) });
    general = await createHttpServer({
      ...common,
      trpcFastPath: false,
      requestLog: (l) => logs.general.push(l),
    });
    fastUrl = await listen(fast, 0, '127.0.0.1');
    generalUrl = await listen(general, 0, '127.0.0.1');
    // Sessions live in the database: each works on both servers.
    admin = await newSession(t.db, fastUrl, { username: 'fp-admin', role: 'admin' });
    viewer = await newSession(t.db, fastUrl, { username: 'fp-viewer', role: 'viewer' });
    provincial = await newSession(t.db, fastUrl, {
      username: 'fp-provincial',
      role: 'viewer',
      scope: { provinces: ['IR-10'] },
    });
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  }, 120_000);
  afterAll(async () => {
    errors.mockRestore();
    await closeServer(fast, 100);
    await closeServer(general, 100);
    await t.destroy();
  });

  /** The same request to both servers; asserts they answered alike, returns the fast one's. */
  async function same(
    path: string,
    options: { headers?: Record<string, string>; method?: string } = {},
  ): Promise<{ fast: RawResponse; general: RawResponse }> {
    const headers = { ...options.headers, 'X-Request-Id': `fp-${dialect}-${nextId++}` };
    const request = { headers, ...(options.method ? { method: options.method } : {}) };
    const a = await rawRequest(fastUrl, path, request);
    const b = await rawRequest(generalUrl, path, request);
    expect(a.status, path).toBe(b.status);
    expect(meaningful(a), path).toEqual(meaningful(b));
    expect(a.text(), path).toBe(b.text());
    return { fast: a, general: b };
  }

  /** The fast path wrote it: one body with its length; the adapter streams chunks. */
  function expectAnsweredDirectly(pair: { fast: RawResponse; general: RawResponse }): void {
    expect(pair.fast.headers['content-length']).toBe(String(pair.fast.body.length));
    expect(pair.fast.headers['transfer-encoding']).toBeUndefined();
    expect(pair.general.headers['transfer-encoding']).toBe('chunked');
  }

  it('a summary, alone and as a batch of one: the same data, envelope and headers', async () => {
    const alone = await same(`/trpc/stats.summary?input=${q({ filters: {} })}`, {
      headers: admin.headers,
    });
    expect(alone.fast.status).toBe(200);
    expectAnsweredDirectly(alone);
    const { data } = (alone.fast.json() as TrpcSuccess).result;
    expect((data as { current: { units: number } }).current.units).toBeGreaterThan(1000);
    expect(alone.fast.headers['content-type']).toBe('application/json');
    expect(alone.fast.headers.vary).toBe('trpc-accept, accept');
    expect(alone.fast.headers['cache-control']).toBe('no-store');
    expect(alone.fast.headers['x-content-type-options']).toBe('nosniff');
    expect(alone.fast.headers['content-security-policy']).toContain("default-src 'self'");

    const batch = await same(`/trpc/stats.summary?batch=1&input=${q({ 0: { filters: {} } })}`, {
      headers: admin.headers,
    });
    expectAnsweredDirectly(batch);
    expect(batch.fast.json()).toEqual([{ result: { data } }]);
  });

  it("a provincial user's answers hold only their province, on both paths", async () => {
    const all = await same(`/trpc/stats.summary?input=${q({ filters: {} })}`, {
      headers: admin.headers,
    });
    const mine = await same(`/trpc/stats.summary?input=${q({ filters: {} })}`, {
      headers: provincial.headers,
    });
    expectAnsweredDirectly(mine);
    const units = (r: RawResponse) =>
      (r.json() as { result: { data: { current: { units: number } } } }).result.data.current.units;
    expect(units(mine.fast)).toBeGreaterThan(0);
    expect(units(mine.fast)).toBeLessThan(units(all.fast));
    const byProvince = await same(
      `/trpc/stats.breakdown?batch=1&input=${q({ 0: { filters: {}, by: 'province', metric: 'units' } })}`,
      { headers: provincial.headers },
    );
    expectAnsweredDirectly(byProvince);
    const [answer] = byProvince.fast.json() as [{ result: { data: { rows: { key: string }[] } } }];
    expect(answer.result.data.rows.map((r) => r.key)).toEqual(['IR-10']);
  });

  it('queries without input, and the caller itself', async () => {
    const dimensions = await same('/trpc/meta.dimensions', { headers: viewer.headers });
    expect(dimensions.fast.status).toBe(200);
    expectAnsweredDirectly(dimensions);
    const me = await same('/trpc/auth.me?batch=1', { headers: viewer.headers });
    expectAnsweredDirectly(me);
    expect(me.fast.json()).toMatchObject([{ result: { data: { username: 'fp-viewer' } } }]);
  });

  it("a batch of several (the Overview's six): the same array, one body with its length", async () => {
    const filters = { year: [] };
    const calls = [
      ['meta.dimensions', undefined],
      ['stats.timeseries', { filters, grain: 'year' }],
      [
        'stats.breakdown',
        { filters, by: 'category', metrics: ['grants', 'amount'], sort: 'grants' },
      ],
      ['stats.breakdown', { filters, by: 'province', metric: 'units' }],
      ['stats.summary', { filters: {} }],
      ['auth.me', undefined],
    ] as const;
    const input = Object.fromEntries(
      calls.flatMap(([, i], index) => (i === undefined ? [] : [[String(index), i]])),
    );
    const path = `/trpc/${calls.map(([p]) => p).join(',')}?batch=1&input=${q(input)}`;
    const pair = await same(path, { headers: viewer.headers });
    expect(pair.fast.status).toBe(200);
    expectAnsweredDirectly(pair);
    const body = pair.fast.json() as TrpcSuccess[];
    expect(body).toHaveLength(calls.length);
    expect(body[5]?.result.data).toMatchObject({ username: 'fp-viewer' });
    // Each member answers as it would alone.
    const alone = await same(`/trpc/stats.summary?input=${q({ filters: {} })}`, {
      headers: viewer.headers,
    });
    expect(body[4]).toEqual(alone.fast.json());
  });

  it.each([
    [
      'one bad member: 207, the others answered',
      `/trpc/stats.summary,meta.dimensions,stats.summary?batch=1&input=${q({ 0: { filters: { province: ['IR-99'] } }, 2: { filters: {} } })}`,
      207,
    ],
    [
      'every member bad: 400',
      `/trpc/stats.summary,stats.breakdown?batch=1&input=${q({ 0: { filters: { province: ['IR-99'] } }, 1: { filters: {}, by: 'nope' } })}`,
      400,
    ],
    [
      'malformed JSON: 400 where input is read, 207',
      '/trpc/stats.summary,meta.dimensions?batch=1&input=%7B%22filters',
      207,
    ],
    [
      'input not an object: 400 where input is read, 207',
      `/trpc/meta.dimensions,stats.summary?batch=1&input=${q([1])}`,
      207,
    ],
    [
      'input not an object, every member reads it',
      `/trpc/stats.summary,stats.summary?batch=1&input=${q([1])}`,
      400,
    ],
    [
      'no session: 401 for each',
      `/trpc/meta.dimensions,stats.summary?batch=1&input=${q({ 1: { filters: {} } })}`,
      401,
    ],
  ])('a batch of several with faults (%s): the same answer', async (label, path, status) => {
    const headers = label.startsWith('no session') ? {} : admin.headers;
    const pair = await same(path, { headers });
    expect(pair.fast.status).toBe(status);
    expectAnsweredDirectly(pair);
  });

  it.each([
    ['an unknown province', `/trpc/stats.summary?input=${q({ filters: { province: ['IR-99'] } })}`],
    ['no input where one is required', '/trpc/stats.summary'],
    ['malformed JSON', '/trpc/stats.summary?input=%7B%22filters'],
    ['input null', '/trpc/stats.summary?input=null'],
    ['a batch whose input is not an object', `/trpc/stats.summary?batch=1&input=${q([1])}`],
    ['a batch without member 0', `/trpc/stats.summary?batch=1&input=${q({ 1: { filters: {} } })}`],
    ['a bad option', `/trpc/stats.breakdown?input=${q({ filters: {}, by: 'nope' })}`],
  ])('bad input (%s): the same 400', async (_label, path) => {
    const pair = await same(path, { headers: admin.headers });
    expect(pair.fast.status).toBe(400);
    expectAnsweredDirectly(pair);
    const body = pair.fast.json() as TrpcFailure | [TrpcFailure];
    const { error } = Array.isArray(body) ? body[0] : body;
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.httpStatus).toBe(400);
    expect(error.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it('without a session: the same 401, alone and in a batch', async () => {
    for (const path of [
      `/trpc/stats.summary?input=${q({ filters: {} })}`,
      `/trpc/stats.summary?batch=1&input=${q({ 0: { filters: {} } })}`,
    ]) {
      const pair = await same(path);
      expect(pair.fast.status).toBe(401);
      expectAnsweredDirectly(pair);
      expect(pair.fast.text()).toContain('UNAUTHORIZED');
    }
    const stale = await same('/trpc/meta.dimensions', {
      headers: { Cookie: 'hemayat_session=not-a-session' },
    });
    expect(stale.fast.status).toBe(401);
  });

  it('a role without the permission: the same 403; with it, the same rows', async () => {
    const denied = await same(`/trpc/audit.list?input=${q({})}`, { headers: viewer.headers });
    expect(denied.fast.status).toBe(403);
    expectAnsweredDirectly(denied);
    expect((denied.fast.json() as TrpcFailure).error.data.code).toBe('FORBIDDEN');
    const allowed = await same(`/trpc/users.list`, { headers: admin.headers });
    expect(allowed.fast.status).toBe(200);
    expectAnsweredDirectly(allowed);
    expect(allowed.fast.text()).toContain('fp-provincial');
  });

  it('shapes the fast path leaves to the adapter answer as before', async () => {
    // Each is either streamed by the adapter (chunked) or a status the fast path cannot give.
    const cases: [string, number, { headers?: Record<string, string>; method?: string }][] = [
      ['/trpc/stats.nothing', 404, { headers: admin.headers }],
      ['/trpc/nothing?batch=1', 404, { headers: admin.headers }],
      // A mutation asked with GET: 405 naming POST.
      ['/trpc/views.create', 405, { headers: admin.headers }],
      ['/trpc', 404, { headers: admin.headers }],
      // A batch naming an unknown procedure, or a mutation.
      [`/trpc/meta.dimensions,stats.nothing?batch=1`, 207, { headers: admin.headers }],
      [`/trpc/meta.dimensions,views.create?batch=1`, 400, { headers: admin.headers }],
      // Without batch=1 `a,b` names one procedure.
      [`/trpc/meta.dimensions,auth.me`, 404, { headers: admin.headers }],
      ['/trpc/stats%2Esummary?input=' + q({ filters: {} }), 200, { headers: admin.headers }],
      [
        '/trpc/meta.dimensions',
        200,
        { headers: { ...admin.headers, 'Content-Type': 'application/json' } },
      ],
      [
        '/trpc/meta.dimensions',
        400,
        { headers: { ...admin.headers, Accept: 'application/jsonl' } },
      ],
    ];
    for (const [path, status, options] of cases) {
      const pair = await same(path, options);
      expect(pair.fast.status, path).toBe(status);
      expect(pair.fast.headers['transfer-encoding'], path).toBe('chunked');
    }
    // A Host no URL can be made of: the adapter refuses it (in one piece) before any call.
    const host = await same('/trpc/meta.dimensions', {
      headers: { ...admin.headers, Host: 'not a host' },
    });
    expect(host.fast.status).toBe(400);
    const allow = await same('/trpc/views.create', { headers: admin.headers });
    expect(allow.fast.headers.allow).toBe('POST');
    const head = await same('/trpc/meta.dimensions', { headers: admin.headers, method: 'HEAD' });
    expect(head.fast.status).toBe(204);
  });

  it('a remembered answer is sent as it is: the same bytes on a hit, the new answer after a write', async () => {
    const before = await same('/trpc/meta.dimensions', { headers: admin.headers });
    const again = await same('/trpc/meta.dimensions', { headers: admin.headers });
    expect(again.fast.text()).toBe(before.fast.text());
    if (dialect !== 'sqlite') return; // PostgreSQL keeps dimensions per data version
    const park = await t.db
      .selectFrom('parks')
      .select(['code', 'name_en'])
      .orderBy('code')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('parks')
      .set({ name_en: 'A renamed park' })
      .where('code', '=', park.code)
      .execute();
    try {
      const after = await same('/trpc/meta.dimensions', { headers: admin.headers });
      expect(after.fast.text()).toContain('A renamed park');
    } finally {
      await t.db
        .updateTable('parks')
        .set({ name_en: park.name_en })
        .where('code', '=', park.code)
        .execute();
    }
  });

  it('a fault of ours: the same generic 500 naming the request id, logged by both', async () => {
    await sql`alter table saved_views rename to gone_views`.execute(t.db);
    try {
      errors.mockClear();
      const pair = await same('/trpc/views.list', { headers: admin.headers });
      expect(pair.fast.status).toBe(500);
      expectAnsweredDirectly(pair);
      const id = String(pair.fast.headers['x-request-id']);
      const { error } = pair.fast.json() as TrpcFailure;
      expect(error.data.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toContain(`request ${id}`);
      expect(pair.fast.text()).not.toMatch(/saved_views|no such table|does not exist/);
      const lines = errors.mock.calls.map((c) => c.map(String).join(' '));
      expect(
        lines.filter((l) => l.includes(`[trpc] views.list failed (request ${id})`)),
      ).toHaveLength(2);
    } finally {
      await sql`alter table gone_views rename to saved_views`.execute(t.db);
    }
  });

  it('the request log has the same line for each request (route, status, user)', async () => {
    const summary = (l: RequestLogLine) => ({
      id: l.id,
      method: l.method,
      route: l.route,
      status: l.status,
      user: l.user,
    });
    // Log lines are written when each response closes, which may follow the client's read.
    const ours = (lines: RequestLogLine[]) => lines.filter((l) => l.id.startsWith('fp-'));
    await vi.waitFor(() => expect(ours(logs.fast).length).toBe(ours(logs.general).length));
    const byId = (a: RequestLogLine, b: RequestLogLine) => a.id.localeCompare(b.id);
    const fastLines = ours(logs.fast).sort(byId);
    expect(fastLines.length).toBeGreaterThan(20);
    expect(fastLines.map(summary)).toEqual(ours(logs.general).sort(byId).map(summary));
    expect(fastLines.find((l) => l.status === 200)?.route).toMatch(/^\/trpc\//);
  });
});
