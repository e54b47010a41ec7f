import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { basename, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IP_MAX_FAILURES } from '../../server/auth/ip-limiter.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { loadReferenceData } from '../../server/db/reference-data.ts';
import { factsSnapshotPath } from '../../server/engine/facts/facts-snapshot.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { getDataVersion } from '../../server/stores/data-state.ts';
import { importLeaseHolder } from '../../server/stores/import-lease.ts';
import { signInOverHttp, type TestSession } from '../auth/sessions.ts';
import { VALID_DIR } from '../import/helpers.ts';

// Issue #16 part 5: two app servers — `npm start`'s start path (serve-app.ts), each a process of
// its own with its own workers and connections — on one PostgreSQL database made for this run.
// An import through one is visible through the other within seconds, never half; a second import
// meanwhile is refused, naming the first; sessions and the sign-in brake hold on both; and
// killing one in the middle of an import leaves the other serving the data it had.

const BASE_URL = process.env.TEST_DATABASE_URL;
const PASSWORD = 'two-servers-password';
const POLL_MS = 250;
const FILE = join(VALID_DIR, 'agency-data.xlsx');

interface AppServer {
  name: string;
  proc: ChildProcess;
  url: string;
  log: { text: string };
}

const servers: AppServer[] = [];
let databaseUrl = '';
let databaseName = '';

function databaseUrlFor(name: string): string {
  const url = new URL(BASE_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

async function startAppServer(name: string): Promise<AppServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/http/serve-app-child.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      ADMIN_PASSWORD: PASSWORD,
      REQUEST_LOG: 'off',
      DATA_POLL_MS: String(POLL_MS),
      SHUTDOWN_GRACE_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = { text: '' };
  const url = await new Promise<string>((resolve, reject) => {
    const look = (chunk: Buffer) => {
      log.text += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(log.text);
      if (match?.[1]) resolve(match[1]);
    };
    proc.stdout.on('data', look);
    proc.stderr.on('data', look);
    proc.once('exit', (code) => reject(new Error(`${name} exited ${code}:\n${log.text}`)));
  });
  const server = { name, proc, url, log };
  servers.push(server);
  return server;
}

const exited = (s: AppServer) =>
  new Promise<number | null>((resolve) => {
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) resolve(s.proc.exitCode);
    else s.proc.once('exit', (code) => resolve(code));
  });

/**
 * What a dashboard shows, one answer per request: the summary, and supported units by park
 * (answered from the in-memory facts once loaded).
 */
async function numbers(s: AppServer, session: TestSession): Promise<[string, string]> {
  const input = (body: object) => encodeURIComponent(JSON.stringify(body));
  const [summary, byPark] = await Promise.all([
    fetch(`${s.url}/trpc/stats.summary?input=${input({ filters: {} })}`, {
      headers: session.headers,
    }),
    fetch(
      `${s.url}/trpc/stats.breakdown?input=${input({ filters: {}, by: 'park', metrics: ['supportedUnits', 'amount'] })}`,
      { headers: session.headers },
    ),
  ]);
  if (summary.status !== 200 || byPark.status !== 200)
    throw new Error(`${s.name}: ${summary.status} ${byPark.status} ${await byPark.text()}`);
  return [await summary.text(), await byPark.text()];
}

const importThrough = (s: AppServer, session: TestSession, query = '') =>
  fetch(`${s.url}/api/import${query}`, {
    method: 'POST',
    headers: { ...session.headers, 'X-File-Name': encodeURIComponent(basename(FILE)) },
    body: readFileSync(FILE),
  });

/** An upload that sends its head and a few bytes, then nothing: it holds the import lease. */
async function stalledUpload(s: AppServer, session: TestSession): Promise<Socket> {
  const socket = connect(Number(new URL(s.url).port), '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    [
      'POST /api/import HTTP/1.1',
      'Host: 127.0.0.1',
      `Cookie: ${session.cookie}`,
      `x-csrf-token: ${session.csrfToken}`,
      'X-File-Name: stalled.csv',
      'Content-Length: 1000000',
      '',
      'unit_code,',
    ].join('\r\n'),
  );
  return socket;
}

describe.runIf(BASE_URL)('two app servers on one PostgreSQL database', () => {
  const timings: Record<string, number> = {};
  beforeAll(async () => {
    databaseName = `hemayat_two_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    databaseUrl = databaseUrlFor(databaseName);
    const admin = openDatabase(BASE_URL ?? '');
    await sql`create database ${sql.id(databaseName)}`.execute(admin);
    await admin.destroy();
    const db = openDatabase(databaseUrl);
    await migrateToLatest(db);
    await loadReferenceData(db);
    await db.destroy();
    await seedDatabase(databaseUrl, { scale: 'small' });
  }, 300_000);
  afterAll(async () => {
    for (const s of servers) s.proc.kill('SIGKILL');
    await Promise.all(servers.map(exited));
    const admin = openDatabase(BASE_URL ?? '');
    await sql`drop database if exists ${sql.id(databaseName)} with (force)`.execute(admin);
    await admin.destroy();
    // The servers' facts snapshot of this database (data/postgres-<hash>.facts).
    rmSync(factsSnapshotPath(databaseUrl), { force: true });
    console.log(`two-server timings (ms): ${JSON.stringify(timings)}`);
  });

  it('share imports, the lease, sessions and the brake, and survive one dying mid-import', async () => {
    const a = await startAppServer('A');
    const b = await startAppServer('B');
    const db = openDatabase(databaseUrl);
    try {
      // Sessions: one made through either server works through both.
      const onA = await signInOverHttp(a.url, 'admin', PASSWORD);
      const onB = await signInOverHttp(b.url, 'admin', PASSWORD);
      for (const s of [a, b]) {
        for (const session of [onA, onB]) {
          const res = await fetch(`${s.url}/api/auth/session`, { headers: session.headers });
          expect(await res.json()).toMatchObject({ user: { username: 'admin' } });
        }
      }

      // An import through A is visible through B within seconds, and B never shows a mix.
      const before = await numbers(b, onB);
      expect(await numbers(a, onA)).toEqual(before);
      const versionBefore = await getDataVersion(db);
      const started = Date.now();
      const imported = await importThrough(a, onA);
      expect(imported.status, await imported.clone().text()).toBe(200);
      expect(await imported.json()).toMatchObject({ outcome: 'ok', committed: true });
      timings.importThroughA = Date.now() - started;
      const committed = Date.now();
      const after = await numbers(a, onA);
      expect(after[0]).not.toBe(before[0]);
      expect(after[1]).not.toBe(before[1]);
      expect(await getDataVersion(db)).not.toBe(versionBefore);
      const seen: [string, string][] = [];
      await vi.waitFor(
        async () => {
          const now = await numbers(b, onB);
          seen.push(now);
          if (now[0] !== after[0] || now[1] !== after[1])
            throw new Error('B does not show the import yet');
        },
        { timeout: 20_000, interval: 50 },
      );
      timings.visibleOnB = Date.now() - committed;
      timings.pollsOnB = seen.length;
      // Every answer B gave is the old data's or the new's, never a blend.
      for (const answer of seen) {
        expect([before[0], after[0]]).toContain(answer[0]);
        expect([before[1], after[1]]).toContain(answer[1]);
      }
      // B's watcher noticed the new version (and had its workers reload their facts)…
      await vi.waitFor(
        async () => {
          const metrics = await (await fetch(`${b.url}/metrics`, { headers: onB.headers })).text();
          expect(metrics).toMatch(/^hemayat_data_version_changes_total 1$/m);
        },
        { timeout: 20_000, interval: 50 },
      );
      timings.noticedOnB = Date.now() - committed;
      // …and keeps showing the new data once its workers have reloaded their facts.
      await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
      expect(await numbers(b, onB)).toEqual(after);

      // A second import while one runs is refused, naming the first and where it runs.
      const stalled = await stalledUpload(a, onA);
      await vi.waitFor(
        async () => {
          if (!(await importLeaseHolder(db))) throw new Error('the upload has not started');
        },
        { timeout: 20_000, interval: 20 },
      );
      const refusedAt = Date.now();
      const refused = await importThrough(b, onB);
      timings.refusal = Date.now() - refusedAt;
      expect(refused.status).toBe(409);
      const { error } = (await refused.json()) as {
        error: { code: string; message: string; messageFa: string };
      };
      expect(error.code).toBe('IMPORT_RUNNING');
      expect(error.message).toMatch(
        new RegExp(`Another import is running \\(admin over HTTP on \\S+:${a.proc.pid}`),
      );
      expect(error.messageFa).toContain('ورود داده دیگری در حال انجام است');
      stalled.destroy();
      await vi.waitFor(
        async () => {
          if (await importLeaseHolder(db)) throw new Error('the stalled upload holds the lease');
        },
        { timeout: 20_000, interval: 20 },
      );

      // The brake: failures through A count on B.
      for (let i = 0; i < IP_MAX_FAILURES; i++) {
        const res = await fetch(`${a.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: `nobody-${i}`, password: 'wrong' }),
        });
        expect(res.status).toBe(401);
      }
      const braked = await fetch(`${b.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      });
      expect(braked.status).toBe(429);

      // A dies (kill -9) while its import writes: B goes on serving the data it had.
      const versionBeforeKill = await getDataVersion(db);
      const streaming = await fetch(`${a.url}/api/import?clearSynthetic=1`, {
        method: 'POST',
        headers: {
          ...onA.headers,
          Accept: 'application/x-ndjson',
          'X-File-Name': encodeURIComponent(basename(FILE)),
        },
        body: readFileSync(FILE),
      });
      expect(streaming.status).toBe(200);
      const reader = streaming.body?.getReader();
      let text = '';
      // Killed once it has written its rows and is rebuilding the rollups (before the commit).
      while (!/"phase":"(rollups|commit)"/.test(text)) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) throw new Error(`the import ended before the kill:\n${text}`);
        text += Buffer.from(chunk.value).toString();
      }
      expect(text).not.toMatch(/"phase":"commit"/);
      a.proc.kill('SIGKILL');
      await exited(a);
      const killedAt = Date.now();
      for (let i = 0; i < 8; i++) {
        expect(await numbers(b, onB)).toEqual(after);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS / 2));
      }
      expect(await getDataVersion(db)).toBe(versionBeforeKill);
      timings.servedAfterKill = Date.now() - killedAt;
      // The dead server's lease stands until it expires; B says who holds it.
      const whileDead = await importThrough(b, onB, '?dryRun=1');
      expect(whileDead.status).toBe(409);
      expect(await whileDead.text()).toContain(`:${a.proc.pid}`);

      // B shuts down cleanly too: no worker thread, no connection left, exit 0.
      b.proc.kill('SIGTERM');
      expect(await exited(b), b.log.text).toBe(0);
      const leftovers = /leftovers (\{.*\})/.exec(b.log.text)?.[1] ?? '{}';
      expect(JSON.parse(leftovers)).toMatchObject({ workersAfter: 0, sockets: [] });
    } finally {
      await db.destroy();
    }
  }, 300_000);
});
