import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { UPLOAD_DIR_PREFIX } from '../../server/http/import-routes.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { importLeaseHolder } from '../../server/stores/import-lease.ts';
import { signInOverHttp } from '../auth/sessions.ts';
import { createEmptyDb } from '../helpers/db.ts';
import { VALID_DIR } from '../import/helpers.ts';

// Issue #16 part 6: `npm start`'s start path (serve-app.ts) in a process of its own. SIGTERM with
// a request in flight (an import upload that has stalled): the request is cancelled after the
// grace, its handler still frees the import lease, every worker thread ends, no file of the
// database stays open, and the process exits 0.

const PASSWORD = 'shutdown-test-password';
const GRACE_MS = 1000;
const FILE = join(VALID_DIR, 'agency-data.xlsx');
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
});

function waitForLine(proc: ChildProcess, pattern: RegExp, log: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = pattern.exec(log.text);
      if (match) resolve(match[1] ?? match[0]);
    };
    proc.stdout?.on('data', look);
    proc.stderr?.on('data', look);
    look();
    proc.once('exit', (code) =>
      reject(new Error(`exited ${code} before ${pattern}:\n${log.text}`)),
    );
  });
}

describe('graceful shutdown', () => {
  it('on SIGTERM cancels a stalled upload, ends every worker, closes the database and exits 0', async () => {
    const t = await createEmptyDb('sqlite');
    await t.db.destroy();
    try {
      await seedDatabase(t.location, { scale: 'small' });
      child = spawn(process.execPath, ['--import', 'tsx', 'tests/http/serve-app-child.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: t.location,
          PORT: '0',
          ADMIN_PASSWORD: PASSWORD,
          SHUTDOWN_GRACE_MS: String(GRACE_MS),
          REQUEST_LOG: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const log = { text: '' };
      const collect = (chunk: Buffer) => (log.text += chunk.toString());
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const url = await waitForLine(child, /serving (http:\/\/\S+)/, log);
      const admin = await signInOverHttp(url, 'admin', PASSWORD);

      // A dry-run import starts the import workers (the query workers started with the server).
      const dryRun = await fetch(`${url}/api/import?dryRun=1`, {
        method: 'POST',
        headers: { ...admin.headers, 'X-File-Name': encodeURIComponent(basename(FILE)) },
        body: readFileSync(FILE),
      });
      expect(dryRun.status).toBe(200);

      // The request in flight: an upload that sends its head and a few bytes, then nothing.
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      const socketClosed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(
        [
          'POST /api/import HTTP/1.1',
          'Host: 127.0.0.1',
          `Cookie: ${admin.cookie}`,
          `x-csrf-token: ${admin.csrfToken}`,
          'X-File-Name: stalled.csv',
          'Content-Length: 1000000',
          '',
          'unit_code,',
        ].join('\r\n'),
      );
      const watcher = openDatabase(t.location, { readonly: true });
      try {
        await vi.waitFor(
          async () => {
            if (!(await importLeaseHolder(watcher))) throw new Error('the upload has not started');
          },
          { timeout: 30_000, interval: 20 },
        );
      } finally {
        await watcher.destroy();
      }

      const pid = child.pid ?? 0;
      const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
      const signalled = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const seconds = (Date.now() - signalled) / 1000;
      child = null;
      expect(code, log.text).toBe(0);
      await socketClosed;
      const line = /leftovers (\{.*\})/.exec(log.text)?.[1];
      expect(line, log.text).toBeDefined();
      const leftovers = JSON.parse(line ?? '{}') as {
        workersBefore: number;
        workersAfter: number;
        databaseFiles: string[];
        sockets: string[];
      };
      // Two query workers, the import and validate workers: all ended.
      expect(leftovers.workersBefore).toBeGreaterThanOrEqual(3);
      expect(leftovers).toMatchObject({ workersAfter: 0, databaseFiles: [], sockets: [] });
      // The cancelled upload's handler ran to its end: lease freed, upload removed.
      const after = openDatabase(t.location, { readonly: true });
      try {
        expect(await importLeaseHolder(after)).toBeNull();
      } finally {
        await after.destroy();
      }
      const uploads = readdirSync(tmpdir()).filter((n) =>
        n.startsWith(`${UPLOAD_DIR_PREFIX}${pid}-`),
      );
      expect(uploads).toEqual([]);
      // Within the grace plus the caps of serve-app.ts (not a speed figure: the deadline).
      expect(seconds).toBeLessThan(GRACE_MS / 1000 + 12);
    } finally {
      await t.destroy();
    }
  }, 180_000);
});
