import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushDeferredWrites } from '../../server/stores/deferred-writes.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { signInOverHttp, TEST_PASSWORD } from '../auth/sessions.ts';
import { startHttpFixture, type HttpFixture } from './http-fixture.ts';
import { rawRequest } from './raw-request.ts';

// Issue #17 item 2: on SQLite an import holds the write lock for its whole transaction. The
// server's connection used to wait for it synchronously (busy_timeout 5 s): every request froze
// for seconds and writes answered 500 "database is locked". Now nothing waits: reads and
// bookkeeping writes go on, audit rows are written once the lock frees, and a change that
// cannot be saved says so in both languages.
describe('serving while an import holds the SQLite write lock', () => {
  let f: HttpFixture;
  let importer: SQLite.Database;
  beforeAll(async () => {
    f = await startHttpFixture();
    // A session idle for more than a minute: the next request writes its last-seen time.
    await f.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 10 * 60_000).toISOString() })
      .execute();
    // The import's transaction, as SqliteTarget begins it (another connection, same file).
    importer = new SQLite(f.location);
    importer.exec('BEGIN IMMEDIATE');
  });
  afterAll(async () => {
    if (importer.inTransaction) importer.exec('ROLLBACK');
    importer.close();
    await f.close();
  });

  it('answers the health check and a summary from a session due its last-seen write', async () => {
    const health = await rawRequest(f.baseUrl, '/healthz');
    expect(health.status).toBe(200);
    const input = encodeURIComponent(JSON.stringify({ filters: {} }));
    const summary = await rawRequest(f.baseUrl, `/trpc/stats.summary?input=${input}`, {
      headers: f.admin.headers,
    });
    expect(summary.status).toBe(200);
  });

  it('refuses a change it cannot save with 503 and a message in both languages, no internals', async () => {
    const res = await rawRequest(f.baseUrl, '/trpc/views.create', {
      method: 'POST',
      headers: { ...f.admin.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x', path: '/', query: '' }),
    });
    expect(res.status).toBe(503);
    const text = res.text();
    expect(text).toContain('An import is writing');
    expect(text).toContain('ورود داده‌ای در حال نوشتن');
    expect(text).not.toMatch(/locked|SQLITE/i);

    const signIn = await rawRequest(f.baseUrl, '/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'fixture-admin', password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(503);
    expect(signIn.headers['retry-after']).toBe('5');
    expect(signIn.json()).toMatchObject({ error: { code: 'IMPORT_WRITING' } });
  });

  it('serves an export and writes its audit row once the lock frees', async () => {
    const res = await rawRequest(f.baseUrl, '/api/export/provinces.csv', {
      headers: f.admin.headers,
    });
    expect(res.status).toBe(200);
    importer.exec('ROLLBACK');
    await flushDeferredWrites();
    const [row] = await listAudit(f.db, { limit: 1, action: 'export' });
    expect(row).toMatchObject({ outcome: 'ok', detail: { file: 'provinces.csv' } });
    // And once it is free, sign-in works again.
    await expect(signInOverHttp(f.baseUrl, 'fixture-admin')).resolves.toMatchObject({
      user: { username: 'fixture-admin' },
    });
  });
});
