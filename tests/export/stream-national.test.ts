import { request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { closeServer, createHttpServer, listen } from '../../server/http/server.ts';
import { listAudit } from '../../server/stores/audit.ts';
import { sharedPoolStats } from '../../server/threads/shared-pools.ts';
import { liveTsWorkers } from '../../server/threads/start-ts-worker.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { seedDatabase } from '../../server/seed/index.ts';
import { newSession, type TestSession } from '../auth/sessions.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { exportFile, parseCsv, readWorkbook } from './export-helpers.ts';

const createCaller = createCallerFactory(appRouter);

/** List workers of the in-process server's pool busy with a job now. */
const listPoolBusy = (): number => sharedPoolStats().find((p) => p.kind === 'list')?.busy ?? 0;

/**
 * The raw lists at the `national` scale (171k grants, 66k units): big enough that they are read
 * by the worker threads in many stripes, as the `large` lists are (issue #5: a streaming export
 * checked for row count at a mid-size scale).
 */
describe('streaming lists at national scale', () => {
  let t: TestDb;
  let db: ReturnType<typeof openDatabase>;
  let caller: ReturnType<typeof createCaller>;
  let server: Server;
  let base: string;
  let analyst: TestSession;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    await t.db.destroy();
    await seedDatabase(t.location, { scale: 'national' });
    db = openDatabase(t.location);
    caller = createCaller(createContext({ db, scope: ALL_SCOPE }));
    server = await createHttpServer({
      db,
      distDir: 'tests/.tmp/no-client',
      compressionCacheDir: null,
      // One download at a time: a cancelled one that kept its slot would refuse the next (429).
      limits: { exportsPerUser: 1 },
    });
    base = await listen(server, 0, '127.0.0.1');
    analyst = await newSession(db, base, { username: 'analyst', role: 'analyst' });
  }, 300_000);
  afterAll(async () => {
    await closeServer(server, 100);
    await db.destroy();
    await t.destroy().catch(() => undefined);
  });

  it('streams every disbursed grant once, summing to the amount metric', async () => {
    const api = await caller.stats.summary({ filters: {} });
    expect(api.current.grants).toBeGreaterThan(100_000);
    const file = await exportFile(db, ALL_SCOPE, 'grants.csv', 'header=keys');
    expect(file.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    // Every line ends in CRLF: as many CRLFs as line feeds.
    const text = file.bytes.toString('utf8');
    expect(text.split('\r\n').length).toBe(text.split('\n').length);
    const { header, rows } = parseCsv(file.bytes);
    expect(rows).toHaveLength(api.current.grants);
    expect(new Set(rows.map((r) => r[0])).size).toBe(api.current.grants);
    const at = header.indexOf('disbursedAmount');
    const amount = rows.reduce((s, r) => s + BigInt(r[at] ?? '0'), 0n);
    expect(amount.toString()).toBe(api.current.amount);
  }, 300_000);

  it('streams every unit the units metric counts', async () => {
    const api = await caller.stats.summary({ filters: { from: 1399, to: 1402 } });
    const { header, rows } = parseCsv(
      (await exportFile(db, ALL_SCOPE, 'units.csv', 'from=1399&to=1402&header=keys')).bytes,
    );
    expect(rows).toHaveLength(api.current.units);
    const at = header.indexOf('employeesTo');
    expect(rows.reduce((s, r) => s + Number(r[at]), 0)).toBe(api.current.employment);
  }, 300_000);

  it.each([
    ['grants.csv', 'province=IR-07,IR-10&status=all&lang=en'],
    ['units.csv', 'sector=METL&size=micro,small'],
  ])(
    '%s?%s: worker threads and keyset pages write the same bytes',
    async (name, query) => {
      const [threads, pages] = await Promise.all([
        exportFile(db, ALL_SCOPE, name, query, { lists: { workerAbove: 0, workers: 2 } }),
        exportFile(db, ALL_SCOPE, name, query, { lists: { workerAbove: Infinity } }),
      ]);
      expect(threads.bytes.length).toBeGreaterThan(10_000);
      expect(threads.bytes.equals(pages.bytes)).toBe(true);
    },
    300_000,
  );

  it('worker threads and keyset pages fill the same Excel sheet', async () => {
    const query = 'province=IR-23&from=1401&to=1402';
    const values = async (workerAbove: number) => {
      const file = await exportFile(db, ALL_SCOPE, 'grants.xlsx', query, {
        lists: { workerAbove },
      });
      const sheet = (await readWorkbook(file.bytes)).worksheets[0];
      const rows: unknown[] = [];
      sheet?.eachRow((row) => rows.push(row.values));
      return rows;
    };
    const threads = await values(0);
    expect(threads.length).toBeGreaterThan(1000);
    expect(threads).toEqual(await values(Infinity));
  }, 300_000);

  it('refuses an Excel list longer than a sheet with 422, in both languages', async () => {
    const api = await caller.stats.summary({ filters: {} });
    await expect(
      exportFile(db, ALL_SCOPE, 'grants.xlsx', '', { maxSheetRows: api.current.grants }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('download CSV') as unknown,
      messageFa: expect.stringContaining('CSV') as unknown,
    });
  }, 300_000);

  // Issue #17 item 1: a download the client abandons (read 64 KB, close the socket) used to keep
  // the Excel writer waiting for a 'drain' that never came, with its worker threads alive.
  it.each(['grants.xlsx?status=all', 'grants.csv?status=all', 'units.xlsx'])(
    'a cancelled %s download releases its worker threads and is audited as cancelled',
    async (file) => {
      const baseline = liveTsWorkers();
      const { port } = new URL(base);
      const busyWhileReading = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/api/export/${file}`,
            headers: analyst.headers,
            agent: false,
          },
          (res) => {
            let read = 0;
            res.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read >= 64 * 1024) {
                const during = listPoolBusy();
                res.socket.destroy();
                resolve(during);
              }
            });
            res.on('end', () => reject(new Error(`${file}: the whole file arrived before 64 KB`)));
          },
        );
        req.on('error', () => undefined);
        req.end();
      });
      // The list was read in the pool's worker threads, so the release below means something.
      expect(busyWhileReading).toBeGreaterThan(0);
      const [name] = file.split('?');
      const cancelled = await vi.waitFor(
        async () => {
          const rows = await listAudit(db, { limit: 5, action: 'export', username: 'analyst' });
          const row = rows.find((r) => r.detail.file === name && r.outcome === 'cancelled');
          if (!row) throw new Error(`no cancelled ${name} export in the audit log yet`);
          return row;
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(cancelled.ip).toBe('127.0.0.1');
      expect(Number(cancelled.detail.rows)).toBeGreaterThan(0);
      // The workers it borrowed are ended (stripes were in flight), not left busy or added to.
      await vi.waitFor(
        () => {
          if (listPoolBusy() > 0 || liveTsWorkers() > baseline)
            throw new Error(`${listPoolBusy()} busy, ${liveTsWorkers()} workers alive`);
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(listPoolBusy()).toBe(0);
      expect(liveTsWorkers()).toBeLessThanOrEqual(baseline);
    },
    120_000,
  );
});
