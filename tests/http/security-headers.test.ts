import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest } from './raw-request.ts';

let f: HttpFixture;
beforeAll(async () => {
  f = await startHttpFixture();
});
afterAll(async () => {
  await f.close();
});

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

describe('security headers', () => {
  // Every kind of response: the SPA shell, a hashed asset, healthz, tRPC (success and error),
  // an unknown API path, a missing file, a refused method, an oversize body.
  const cases: [string, string, { method?: string; headers?: Record<string, string | number> }][] =
    [
      ['app route', '/provinces/IR-10', {}],
      ['asset', '/assets/index-C0ffee42.js', {}],
      ['healthz', '/healthz', {}],
      ['trpc', '/trpc/meta.dimensions', {}],
      ['trpc error', '/trpc/no.such.procedure', {}],
      ['unknown api', '/api/nothing', {}],
      ['missing file', '/missing.png', {}],
      ['405', '/', { method: 'DELETE' }],
      [
        '413',
        '/trpc/meta.dimensions',
        { method: 'POST', headers: { 'Content-Length': 5_000_000 } },
      ],
    ];
  it.each(cases)('are on the %s response', async (_name, path, options) => {
    const res = await rawRequest(f.baseUrl, path, options);
    expect(res.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('are on the 400 for a request the HTTP parser rejects', async () => {
    const { hostname, port } = new URL(f.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        // A header line without a colon (an unknown method is a 405 now: hygiene.test.ts).
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain(`Content-Security-Policy: ${EXPECTED_CSP}\r\n`);
    expect(raw).toContain('X-Content-Type-Options: nosniff\r\n');
    expect(raw).toContain('"code":"BAD_REQUEST"');
  });

  it('allow no inline script and no other origin', () => {
    expect(EXPECTED_CSP).not.toContain('unsafe-eval');
    expect(EXPECTED_CSP.split('; ').find((d) => d.startsWith('script-src'))).toBe(
      "script-src 'self'",
    );
  });
});
