import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { sendJson } from '../../server/http/http-error.ts';
import type { Route } from '../../server/http/routes.ts';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest, type RawResponse } from './raw-request.ts';

let f: HttpFixture;
beforeAll(async () => {
  f = await startHttpFixture({ seeded: true });
});
afterAll(async () => {
  await f.close();
});

interface TrpcOk<T> {
  result: { data: T };
}
interface TrpcErr {
  error: { message: string; code: number; data: Record<string, unknown> };
}

function trpcGet(path: string, input: unknown, batch = false): Promise<RawResponse> {
  const query = new URLSearchParams({ input: JSON.stringify(input) });
  if (batch) query.set('batch', '1');
  return rawRequest(f.baseUrl, `/trpc/${path}?${query.toString()}`, { headers: f.admin.headers });
}

describe('/healthz', () => {
  it('reports ok and the dialect', async () => {
    const res = await rawRequest(f.baseUrl, '/healthz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, db: 'sqlite' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 when the database does not answer', async () => {
    // A PostgreSQL URL whose port nothing listens on: the database is down.
    const db = openDatabase('postgres://postgres@127.0.0.1:1/down');
    const server = await createHttpServer({ db, distDir: f.distDir });
    const url = await listen(server, 0, '127.0.0.1');
    const res = await rawRequest(url, '/healthz');
    await closeServer(server, 100);
    await db.destroy();
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ ok: false, db: 'postgres' });
  });
});

describe('tRPC over GET', () => {
  it('answers a batch of two queries with the database figures', async () => {
    const res = await trpcGet('meta.dimensions,stats.summary', { '1': { filters: {} } }, true);
    expect(res.status).toBe(200);
    const [dimensions, summary] = res.json() as [
      TrpcOk<{ provinces: unknown[]; years: { min: number; max: number } }>,
      TrpcOk<{ current: { units: number } }>,
    ];
    expect(dimensions.result.data.provinces).toHaveLength(31);
    const { units } = await sql<{ n: number }>`
      select count(distinct unit_id) as n from employment
      where year = (select max(year) from employment)`
      .execute(f.db)
      .then((r) => ({ units: Number(r.rows[0]?.n) }));
    expect(units).toBeGreaterThan(0);
    expect(summary.result.data.current.units).toBe(units);
  });

  it('answers a bad input with 400 and a readable message, no stack trace', async () => {
    const res = await trpcGet('stats.summary', { filters: { province: ['IR-99'] } });
    expect(res.status).toBe(400);
    const body = res.json() as TrpcErr;
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(res.text()).not.toMatch(/\bat .*\.ts:\d+/);
    expect(body.error.data.stack).toBeUndefined();
  });

  it('answers an unknown procedure with 404', async () => {
    const res = await trpcGet('stats.nothing', {});
    expect(res.status).toBe(404);
  });
});

describe('other API paths', () => {
  it('answers an unknown /api path with 404 JSON', async () => {
    for (const path of ['/api', '/api/nothing', '/api/export/overview.csv/extra']) {
      const res = await rawRequest(f.baseUrl, path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'Not found', messageFa: 'یافت نشد' },
      });
    }
  });
});

describe('request size limit', () => {
  it('refuses a declared oversize body with 413 before reading it', async () => {
    const res = await rawRequest(f.baseUrl, '/trpc/meta.dimensions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': 2 * 1024 * 1024 },
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('stops a route reading a streamed body at its limit', async () => {
    const echo: Route = {
      method: 'POST',
      path: '/api/echo-length',
      access: 'public',
      async handle({ res, readBody }) {
        sendJson(res, 200, { bytes: (await readBody()).length });
      },
    };
    const upload: Route = { ...echo, path: '/api/upload-length', maxBodyBytes: 3 * 1024 * 1024 };
    const server = await createHttpServer({ db: f.db, distDir: f.distDir, routes: [echo, upload] });
    const url = await listen(server, 0, '127.0.0.1');
    const chunked = { 'Transfer-Encoding': 'chunked' };
    const small = await rawRequest(url, '/api/echo-length', {
      method: 'POST',
      headers: chunked,
      body: 'x'.repeat(1000),
    });
    const big = Buffer.alloc(2 * 1024 * 1024, 0x78);
    const tooBig = await rawRequest(url, '/api/echo-length', {
      method: 'POST',
      headers: chunked,
      body: big,
    });
    const allowed = await rawRequest(url, '/api/upload-length', {
      method: 'POST',
      headers: chunked,
      body: big,
    });
    await closeServer(server, 100);
    expect(small.json()).toEqual({ bytes: 1000 });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(allowed.json()).toEqual({ bytes: big.length });
  });

  it('refuses an oversize body on a static path too', async () => {
    const res = await rawRequest(f.baseUrl, '/', {
      method: 'POST',
      headers: { 'Content-Length': 1024 * 1024 + 1 },
    });
    expect(res.status).toBe(413);
  });
});
