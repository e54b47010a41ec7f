import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { listImports } from '../../server/import/history.ts';
import { UPLOAD_DIR_PREFIX } from '../../server/http/import-routes.ts';
import { removeUploadLeftovers } from '../../server/http/upload-leftovers.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { acquireImportLease, importLeaseHolder } from '../../server/stores/import-lease.ts';
import { startHttpFixture, type HttpFixture } from '../http/http-fixture.ts';
import { VALID_DIR } from './helpers.ts';

const FILE = join(VALID_DIR, 'agency-data.xlsx');

/** This process's upload directories (vitest runs each file in a process of its own). */
const myUploads = () =>
  readdirSync(tmpdir()).filter((n) => n.startsWith(`${UPLOAD_DIR_PREFIX}${process.pid}-`));

// Issue #17 items 4 and 6: imports exclude each other through the database lease, refusals are
// recorded, and a stalled upload neither keeps the lease nor leaves its file behind.
describe('the import lease over HTTP', () => {
  let f: HttpFixture;
  const upload = () =>
    fetch(`${f.baseUrl}/api/import?dryRun=1`, {
      method: 'POST',
      headers: { ...f.admin.headers, 'X-File-Name': encodeURIComponent(basename(FILE)) },
      body: readFileSync(FILE),
    });
  beforeAll(async () => {
    f = await startHttpFixture({ limits: { uploadIdleMs: 300 } });
  });
  afterAll(() => f.close());

  it('refuses an import while another process holds the lease, in both languages, and records it', async () => {
    // `npm run import` in another process, on its own connection.
    const cli = openDatabase(f.location, { busyTimeoutMs: 0 });
    const held = await acquireImportLease(cli, 'npm run import (CLI) on host:4242');
    if (!held.acquired) throw new Error('a free lease was refused');
    try {
      const res = await upload();
      expect(res.status).toBe(409);
      const { error } = (await res.json()) as {
        error: { code: string; message: string; messageFa: string };
      };
      expect(error.code).toBe('IMPORT_RUNNING');
      expect(error.message).toContain('npm run import (CLI) on host:4242');
      expect(error.messageFa).toContain('ورود داده دیگری در حال انجام است');
      const [refused] = await listImports(f.db, 1);
      expect(refused).toMatchObject({ outcome: 'refused', fileName: 'agency-data.xlsx' });
      const [audit] = await listAudit(f.db, { limit: 1, action: 'import' });
      expect(audit).toMatchObject({ outcome: 'failed', detail: { status: 409 } });
    } finally {
      await held.lease.release();
      await cli.destroy();
    }
    const res = await upload();
    expect(res.status).toBe(200);
    expect(await importLeaseHolder(f.db)).toBeNull();
  });

  it('drops a stalled upload, frees the lease and removes its file', async () => {
    const { port } = new URL(f.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => undefined);
    const head = [
      'POST /api/import HTTP/1.1',
      'Host: 127.0.0.1',
      `Cookie: ${f.admin.cookie}`,
      `x-csrf-token: ${f.admin.csrfToken}`,
      'X-File-Name: stalled.csv',
      'Content-Length: 1000000',
      '',
      '',
    ].join('\r\n');
    socket.write(`${head}0123456789`);
    // The lease is taken and the upload's file written…
    await vi.waitFor(
      async () => {
        if (!(await importLeaseHolder(f.db))) throw new Error('the upload has not started');
      },
      { timeout: 30_000, interval: 20 },
    );
    // …then the client sends nothing more, and the server gives up on it.
    await closed;
    await vi.waitFor(async () => {
      if (await importLeaseHolder(f.db))
        throw new Error('the stalled upload still holds the lease');
    });
    expect(myUploads()).toEqual([]);
    expect((await upload()).status).toBe(200);
  });

  it("removes upload directories of processes that are gone, not a live process's", async () => {
    const dir = join(tmpdir(), `hemayat_scratch_17_${process.pid}`);
    mkdirSync(dir, { recursive: true });
    // pid 0x7ffffffe is never a live process here; our own pid is.
    for (const name of [
      `${UPLOAD_DIR_PREFIX}2147483646-abc`,
      `${UPLOAD_DIR_PREFIX}${process.pid}-abc`,
    ]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'upload-0.csv'), 'x');
    }
    try {
      expect(await removeUploadLeftovers(UPLOAD_DIR_PREFIX, dir)).toBe(1);
      expect(readdirSync(dir)).toEqual([`${UPLOAD_DIR_PREFIX}${process.pid}-abc`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
