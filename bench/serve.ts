import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addUser } from '../server/auth/user-admin.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { getUserByName } from '../server/stores/users.ts';
import { queryPoolFor } from '../server/engine/workers/worker-pool.ts';
import { loadEnv } from '../server/env.ts';
import { startObservability } from '../server/http/observability.ts';
import { BENCH_ADMIN, BENCH_EXPORTER, BENCH_PASSWORD, BENCH_USER } from './bench-user.ts';
import { closeServer, createHttpServer, listen } from '../server/http/server.ts';

/**
 * The benchmark's server process (forked by http.ts with an IPC channel): the real HTTP server
 * over one SQLite file or PostgreSQL URL (and, for PostgreSQL, the facts snapshot's directory),
 * on a free port, with no client build. It reports its URL once listening,
 * and on request its RSS and the longest event-loop delay since the last reset.
 */
export type ServeMessage =
  | { type: 'ready'; url: string; startupMs: number }
  | {
      type: 'stats';
      rssMb: number;
      peakRssMb: number;
      /** Highest RSS sampled (every 50 ms) since the last 'reset'. */
      peakSinceResetMb: number;
      eventLoopMaxMs: number;
      /** CPU time the process used so far (every thread, user + system), ms. */
      cpuMs: number;
    }
  | {
      type: 'warmed';
      ms: number;
      loaded: boolean;
      /** Where the loader took the facts from (the snapshot, or the tables), and how long. */
      from: 'snapshot' | 'database' | null;
      loadMs: number | null;
    };

const started = performance.now();
const [file, snapshotDir] = process.argv.slice(2);
if (!file || !process.send) {
  console.error('usage: forked by bench/http.ts with the database (and snapshot directory)');
  process.exit(2);
}
const db = openDatabase(file);
await migrateToLatest(db);
// The API answers signed-in users only: the parent signs in as the bench viewer.
// The export benchmark signs in as a manager: viewers may not export.
for (const [username, role] of [
  [BENCH_USER, 'viewer'],
  [BENCH_EXPORTER, 'manager'],
  [BENCH_ADMIN, 'admin'],
] as const) {
  if (!(await getUserByName(db, username))) {
    await addUser(
      db,
      { username, role, provinces: 'all', password: BENCH_PASSWORD },
      { username: null, now: new Date() },
    );
  }
}
const pool = queryPoolFor(db, file, 2, snapshotDir);
// As `npm start` runs it: query metrics, slow-query lines, the request log (stdout, which
// http.ts discards) and the session sweep all cost their share of every request.
const watch = startObservability(loadEnv({ DATABASE_URL: file }), db);
const server = await createHttpServer({
  db,
  ...(pool ? { pool } : {}),
  ...(watch.requestLog ? { requestLog: watch.requestLog } : {}),
  distDir: '/nonexistent-bench-dist',
  compressionCacheDir: null,
});
const url = await listen(server, 0, '127.0.0.1');
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
const send = (message: ServeMessage) => process.send?.(message);
let sampledPeak = 0;
setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 50).unref();
send({ type: 'ready', url, startupMs: performance.now() - started });

process.on('message', (message: unknown) => {
  if (message === 'stats') {
    send({
      type: 'stats',
      rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      // Worker threads included: RSS is the process's.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakSinceResetMb: Math.round(Math.max(sampledPeak, process.memoryUsage().rss) / 2 ** 20),
      eventLoopMaxMs: Math.round(eld.max / 1e4) / 100,
      cpuMs: (() => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      })(),
    });
  } else if (message === 'warm') {
    // Every worker loads the facts into memory; both get one call while both are idle.
    const t = performance.now();
    const warmOne = () => (pool ? pool.run('warmMemory', []) : Promise.resolve(false));
    void Promise.all([warmOne(), warmOne()]).then((loaded) => {
      const shared = pool?.sharedFacts();
      send({
        type: 'warmed',
        ms: performance.now() - t,
        loaded: loaded.every(Boolean),
        from: shared?.from ?? null,
        loadMs: shared ? Math.round(shared.ms) : null,
      });
    });
  } else if (message === 'reset') {
    eld.reset();
    sampledPeak = 0;
  } else if (message === 'exit') {
    watch.stop();
    void closeServer(server, 100)
      .then(() => pool?.close())
      .then(() => db.destroy())
      .finally(() => process.exit(0));
  }
});
