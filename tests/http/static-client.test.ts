import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStaticAssets } from '../../server/http/static-assets.ts';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest } from './raw-request.ts';

let f: HttpFixture;
beforeAll(async () => {
  f = await startHttpFixture();
});
afterAll(async () => {
  await f.close();
});

describe('compression', () => {
  it('sends brotli when accepted, and the bytes decompress to the file', async () => {
    const res = await rawRequest(f.baseUrl, f.scriptPath, {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.body.length).toBeLessThan(Buffer.byteLength(f.script));
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(f.script);
  });

  it('sends gzip when brotli is not accepted', async () => {
    const res = await rawRequest(f.baseUrl, f.scriptPath, {
      headers: { 'Accept-Encoding': 'br;q=0, gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(res.body).toString('utf8')).toBe(f.script);
  });

  it('sends the file as is without Accept-Encoding, still with Vary', async () => {
    const res = await rawRequest(f.baseUrl, f.scriptPath);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.text()).toBe(f.script);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('does not compress an already-compressed font', async () => {
    const res = await rawRequest(f.baseUrl, f.fontPath, {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('font/woff2');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.length).toBe(4096);
  });
});

describe('caching', () => {
  it('caches hashed assets for a year, immutable', async () => {
    const res = await rawRequest(f.baseUrl, f.scriptPath);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates index.html on every load', async () => {
    for (const path of ['/', '/index.html', '/provinces']) {
      const res = await rawRequest(f.baseUrl, path);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers 304 to a matching If-None-Match, per encoding', async () => {
    const first = await rawRequest(f.baseUrl, f.scriptPath, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    const etag = String(first.headers.etag);
    const again = await rawRequest(f.baseUrl, f.scriptPath, {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const otherEncoding = await rawRequest(f.baseUrl, f.scriptPath, {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag },
    });
    expect(otherEncoding.status).toBe(200);
  });
});

describe('SPA fallback', () => {
  const appRoutes = [
    '/',
    '/provinces',
    '/provinces/IR-10',
    '/clusters',
    '/headings',
    '/explore',
    '/impact',
    '/briefing',
    '/briefing/overview',
    '/import',
    '/login',
    '/admin',
    '/admin/users',
    '/some/page/not/known',
  ];
  it.each(appRoutes)('serves index.html for %s', async (path) => {
    const res = await rawRequest(f.baseUrl, `${path}?lang=en&province=IR-10`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text()).toBe(f.indexHtml);
  });

  it('answers 404 JSON for a missing file (a path with an extension)', async () => {
    const res = await rawRequest(f.baseUrl, '/assets/missing-123.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('does not serve build metadata in dot folders (Vite manifest)', async () => {
    const res = await rawRequest(f.baseUrl, '/.vite/manifest.json');
    expect(res.status).toBe(404);
    expect(res.text()).not.toContain('index.html');
  });

  it("does not serve the server's own bundle (dist/server)", async () => {
    const res = await rawRequest(f.baseUrl, '/server/main.js');
    expect(res.status).toBe(404);
    expect(res.text()).not.toContain('secret');
  });

  it('refuses methods other than GET and HEAD with 405', async () => {
    const res = await rawRequest(f.baseUrl, '/provinces', { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    const head = await rawRequest(f.baseUrl, '/provinces', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

describe('path traversal', () => {
  const attempts = [
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/../../../../etc/passwd',
    '//etc/passwd',
    '/assets/%2e%2e%2f%2e%2e%2fserver/main.ts',
  ];
  it.each(attempts)('never serves a file outside the build for %s', async (path) => {
    const res = await rawRequest(f.baseUrl, path);
    expect(res.text()).not.toContain('"name": "hemayat"');
    expect(res.text()).not.toContain('root:');
    expect(res.text()).not.toContain('createHttpServer');
    // Either refused, or the SPA shell for an extension-less path: never a file's contents.
    if (res.status === 200) expect(res.text()).toBe(f.indexHtml);
    else expect([400, 404]).toContain(res.status);
  });

  it('answers 400 JSON to a malformed percent-encoding', async () => {
    const res = await rawRequest(f.baseUrl, '/provinces/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});

describe('brotli cache', () => {
  it('reuses cached output across loads and ignores a corrupt entry', async () => {
    const cacheDir = join(f.distDir, '..', `${basename(f.distDir)}_cache`);
    try {
      const first = await loadStaticAssets(f.distDir, { cacheDir });
      const entries = readdirSync(cacheDir);
      // index.html is below the compression threshold; the script is cached, the font is not.
      expect(entries).toHaveLength(1);
      const cached = join(cacheDir, entries[0] ?? '');
      expect(brotliDecompressSync(readFileSync(cached)).toString('utf8')).toBe(f.script);

      const second = await loadStaticAssets(f.distDir, { cacheDir });
      expect(second.files.get(f.scriptPath)?.br).toEqual(first.files.get(f.scriptPath)?.br);

      writeFileSync(cached, 'not brotli');
      const third = await loadStaticAssets(f.distDir, { cacheDir });
      const br = third.files.get(f.scriptPath)?.br;
      expect(br && brotliDecompressSync(br).toString('utf8')).toBe(f.script);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
