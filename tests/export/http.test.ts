import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { newSession, type TestSession } from '../auth/sessions.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from '../queries/fixture.ts';
import { parseCsv } from './export-helpers.ts';

/** The export route through the real HTTP server and route table. */
describe('/api/export over HTTP', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  // Exports need a signed-in user whose role may export (issue #8).
  let analyst: TestSession;
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: analyst.headers });
  const distDir = join(process.cwd(), 'tests', '.tmp', `dist_export_${process.pid}`);
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    await insertDataset(t.db, FIXTURE);
    mkdirSync(distDir, { recursive: true });
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>t</title>');
    server = await createHttpServer({ db: t.db, distDir });
    base = await listen(server, 0, '127.0.0.1');
    analyst = await newSession(t.db, base, { username: 'analyst', role: 'analyst' });
  });
  afterAll(async () => {
    await closeServer(server, 100);
    await t.destroy();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('sends a CSV download with its name, type and BOM', async () => {
    const res = await get('/api/export/provinces.csv?from=1401&to=1402&chart=bar');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      /^attachment; filename="hemayat-provinces-1401-1402-exported-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''hemayat-provinces-1401-1402-exported-/,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(bytes).rows.map((r) => r[0])).toEqual(['IR-10', 'IR-23', '']);
  });

  it('sends an XLSX download (a ZIP container)', async () => {
    const res = await get('/api/export/units.xlsx?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('answers HEAD with the headers only', async () => {
    const res = await get('/api/export/grants.csv', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('hemayat-grants-');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it.each([
    ['/api/export/provinces.csv?province=IR-99', 400, 'IR-99'],
    ['/api/export/breakdown.csv?by=colour', 400, 'by'],
    ['/api/export/grants.xlsx?park=NOPE', 400, 'NOPE'],
    ['/api/export/drill.csv', 400, 'level'],
    ['/api/export/secrets.csv', 404, 'secrets.csv'],
    ['/api/export/provinces.exe', 404, 'provinces.exe'],
  ])('%s answers %i JSON in both languages', async (path, status, fragment) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { message: string; messageFa: string } };
    expect(body.error.message).toContain(fragment);
    expect(body.error.messageFa).toMatch(/[\u0600-\u06ff]/);
  });

  it('refuses other methods', async () => {
    const res = await get('/api/export/provinces.csv', { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
