import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from 'vitest';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { newSession, type TestSession } from '../auth/sessions.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest, type RawResponse } from './raw-request.ts';

// Issue #17, item 7: every answer, also to a method, content type or request we do not serve and
// to a fault of our own, is JSON with the security headers and a message in both languages, and
// no internal text ("database is locked", a driver's or tRPC's own error) ever reaches a client.

interface JsonError {
  error: { code: string; message: string; messageFa: string; requestId?: string };
}
interface TrpcError {
  error: { message: string; data: { code: string; httpStatus: number; requestId?: string } };
}

const PERSIAN = /[\u0600-\u06FF]/;

function expectSecurityHeaders(headers: RawResponse['headers']): void {
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

/** Sends bytes as they are (methods and headers node:http would refuse to send) and reads all. */
function rawSocket(baseUrl: string, text: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let out = '';
    socket.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

/** A raw answer's status, headers (lower-cased names) and body. */
function parseRaw(text: string): { status: number; headers: Map<string, string>; body: string } {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map(
    lines.map((l) => [
      l.slice(0, l.indexOf(':')).toLowerCase(),
      l.slice(l.indexOf(':') + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** console.error, where the server logs its faults: observed (silenced where faults are planted). */
let errors: MockInstance<(...args: unknown[]) => void>;
const logged = (): string => errors.mock.calls.map((c) => c.map(String).join(' ')).join('\n');

describe('methods, content types and parser refusals', () => {
  let f: HttpFixture;
  beforeAll(async () => {
    f = await startHttpFixture();
  });
  afterAll(() => f.close());
  beforeAll(() => {
    errors = vi.spyOn(console, 'error');
  });
  afterEach(() => errors.mockClear());
  afterAll(() => errors.mockRestore());

  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    '%s /trpc/… with a valid session answers 405 with Allow, in both languages, and logs nothing',
    async (method) => {
      for (const path of ['/trpc/meta.dimensions', '/trpc/views.create', '/trpc/a,b']) {
        const res = await rawRequest(f.baseUrl, path, { method, headers: f.admin.headers });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD, POST');
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expectSecurityHeaders(res.headers);
        const { error } = res.json() as JsonError;
        expect(error.code).toBe('METHOD_NOT_ALLOWED');
        expect(error.message).toContain('GET, HEAD, POST');
        expect(error.messageFa).toMatch(PERSIAN);
        expect(res.text()).not.toMatch(/unsupported|TypeError/i);
      }
      expect(logged()).toBe('');
    },
  );

  it('answers TRACE on /api routes and /healthz with 405 naming what the route answers', async () => {
    const cases = [
      ['/healthz', 'GET, HEAD'],
      ['/api/auth/session', 'GET, HEAD'],
      ['/api/auth/login', 'POST'],
      ['/api/export/provinces.csv', 'GET, HEAD'],
      ['/api/import', 'POST'],
      ['/', 'GET, HEAD'],
    ] as const;
    for (const [path, allow] of cases) {
      const res = await rawRequest(f.baseUrl, path, { method: 'TRACE', headers: f.admin.headers });
      expect(res.status, path).toBe(405);
      expect(res.headers.allow, path).toBe(allow);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect((res.json() as JsonError).error.messageFa).toMatch(PERSIAN);
    }
    expect(logged()).toBe('');
  });

  it('answers a method the HTTP parser does not know, and CONNECT, with a 405 of its own', async () => {
    for (const line of ['FOO /trpc/meta.dimensions HTTP/1.1', 'CONNECT example.org:443 HTTP/1.1']) {
      const answer = parseRaw(await rawSocket(f.baseUrl, `${line}\r\nHost: x\r\n\r\n`));
      expect(answer.status, line).toBe(405);
      expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const { error } = JSON.parse(answer.body) as JsonError;
      expect(error.code).toBe('METHOD_NOT_ALLOWED');
      expect(error.messageFa).toMatch(PERSIAN);
    }
  });

  it('labels tRPC 415 and 405 answers as JSON, in both languages', async () => {
    const wrongType = await rawRequest(f.baseUrl, '/trpc/views.create', {
      method: 'POST',
      headers: { ...f.admin.headers, 'Content-Type': 'text/plain' },
      body: '{"name":"x"}',
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers['content-type']).toBe('application/json');
    const media = wrongType.json() as TrpcError;
    expect(media.error.data.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(media.error.message).toContain('application/json');
    expect(media.error.message).toMatch(PERSIAN);

    const queryAsPost = await rawRequest(f.baseUrl, '/trpc/meta.dimensions', {
      method: 'POST',
      headers: { ...f.admin.headers, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(queryAsPost.status).toBe(405);
    expect(queryAsPost.headers['content-type']).toBe('application/json');
    expect(queryAsPost.headers.allow).toBe('GET, HEAD');
    expect((queryAsPost.json() as TrpcError).error.message).toMatch(PERSIAN);
    expectSecurityHeaders(queryAsPost.headers);
    expect(logged()).toBe('');
  });

  it("puts the security headers and a JSON body on Node's own answers (431, 417, no Host)", async () => {
    const cases = [
      [
        431,
        'HEADERS_TOO_LARGE',
        `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      ],
      [417, 'EXPECTATION_FAILED', 'GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n'],
      [400, 'BAD_REQUEST', 'GET /healthz HTTP/1.1\r\n\r\n'],
      [400, 'BAD_REQUEST', 'GET /healthz HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'],
    ] as const;
    for (const [status, code, text] of cases) {
      const answer = parseRaw(await rawSocket(f.baseUrl, text));
      expect(answer.status, code).toBe(status);
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const { error } = JSON.parse(answer.body) as JsonError;
      expect(error.code).toBe(code);
      expect(error.messageFa).toMatch(PERSIAN);
    }
  });
});

/**
 * A real fault on each dialect: the table a request reads is gone (renamed), so the driver throws its own
 * text ("no such table: imports", 'relation "imports" does not exist'). The client must get only
 * a generic message with the request id; the server log, the details under that id.
 */
describe.each(testDialects())('internal errors (%s)', (dialect) => {
  let t: TestDb;
  let server: Server;
  let baseUrl: string;
  let admin: TestSession;
  const LEAKS =
    /no such table|does not exist|relation|SELECT|saved_views|imports\b|sqlite|postgres/i;

  beforeAll(async () => {
    t = await createTestDb(dialect);
    server = await createHttpServer({
      db: t.db,
      distDir: '/nonexistent',
      compressionCacheDir: null,
    });
    baseUrl = await listen(server, 0, '127.0.0.1');
    admin = await newSession(t.db, baseUrl, { username: 'hygiene-admin', role: 'admin' });
    // Renamed rather than dropped: other tables depend on them on PostgreSQL.
    await sql`alter table saved_views rename to gone_views`.execute(t.db);
    await sql`alter table imports rename to gone_imports`.execute(t.db);
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    errors.mockRestore();
    await closeServer(server, 100);
    await t.destroy();
  });
  afterEach(() => errors.mockClear());

  it('a tRPC procedure: 500 with the request id, the driver text only in the log', async () => {
    const res = await rawRequest(baseUrl, '/trpc/views.list', { headers: admin.headers });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('application/json');
    const id = res.headers['x-request-id'];
    expect(typeof id).toBe('string');
    const { error } = res.json() as TrpcError;
    expect(error.data.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toContain(`request ${String(id)}`);
    expect(error.message).toMatch(PERSIAN);
    expect(error.data.requestId).toBe(id);
    expect(res.text()).not.toMatch(LEAKS);
    expect(logged()).toContain(String(id));
    expect(logged()).toMatch(/saved_views/);
  });

  it('an /api route: 500 JSON with the request id, the driver text only in the log', async () => {
    const res = await rawRequest(baseUrl, '/api/import/history', { headers: admin.headers });
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'];
    const { error } = res.json() as JsonError;
    expect(error.code).toBe('INTERNAL');
    expect(error.requestId).toBe(id);
    expect(error.message).toContain(String(id));
    expect(error.messageFa).toContain(String(id));
    expect(error.messageFa).toMatch(PERSIAN);
    expect(res.text()).not.toMatch(LEAKS);
    expect(logged()).toContain(String(id));
    expect(logged()).toMatch(/imports/);
  });

  it("an import's own failure: the report says so in both languages, not the driver's text", async () => {
    const file = join(process.cwd(), 'tests', 'fixtures', 'import', 'valid', 'parks.csv');
    const res = await rawRequest(baseUrl, '/api/import', {
      method: 'POST',
      headers: { ...admin.headers, 'X-File-Name': 'parks.csv' },
      body: readFileSync(file),
    });
    expect(res.status).toBe(500);
    expect(res.text()).toMatch(PERSIAN);
    expect(res.text()).not.toMatch(LEAKS);
    // The import's thread writes to the database this server serves (on PostgreSQL too, not the
    // one DATABASE_URL names) and reports the failure; the log names its real cause.
    const report = res.json() as { outcome: string; committed: boolean; failure: string };
    expect(report).toMatchObject({ outcome: 'failed', committed: false });
    expect(report.failure).toMatch(PERSIAN);
    expect(logged()).toContain(String(res.headers['x-request-id']));
    expect(logged()).toMatch(/imports/);
    expect(logged()).not.toContain('[object Object]');
  });
});
