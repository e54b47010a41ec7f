import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { ensureFirstAdmin } from '../auth/first-admin.ts';
import type { Database } from '../db/schema.ts';
import type { Env } from '../env.ts';
import { queryPoolFor, type QueryPool } from '../engine/workers/worker-pool.ts';
import { flushDeferredWrites } from '../stores/deferred-writes.ts';
import { closeSharedPools } from '../threads/shared-pools.ts';
import { prepareDatabase } from './bootstrap.ts';
import { startDataVersionWatch } from './data-version-watch.ts';
import { observeDataVersionChange } from './metrics.ts';
import { startObservability } from './observability.ts';
import { closeServer, createHttpServer, handlersSettled, listen } from './server.ts';
import { startupPhase, timedPhase } from '../startup-timings.ts';

const now = (): string => new Date().toISOString();

/** Audit rows queued behind an import's lock are waited for this long at shutdown, no longer. */
export const FLUSH_CAP_MS = 10_000;
/** After the grace, cancelled handlers get this long to run their `finally` (lease release). */
const SETTLE_CAP_MS = 2000;

export interface ServingApp {
  /** The URL actually served (PORT 0 picks a free port). */
  url: string;
  server: Server;
  db: Kysely<Database>;
  pool: QueryPool | null;
  /**
   * Stops serving, in order: stop accepting; let requests finish for SHUTDOWN_GRACE_MS, then close
   * their connections; stop the watchers; end every worker (queries still running fail, an import
   * still running is rolled back with its thread); let the cancelled handlers return; write the
   * deferred audit rows (at most FLUSH_CAP_MS); close the database. A second call waits for the first.
   */
  close(): Promise<void>;
}

/**
 * The one start path of `npm start` and `npm run dev`: make the database ready (migrate, seed on
 * first start, rollups), create the first administrator, start the query workers and the
 * watchers (observability, and the data version another app server or `npm run import` may
 * change: data-version-watch.ts), then serve on HOST:PORT.
 */
export async function serveApp(env: Env, options: { distDir?: string } = {}): Promise<ServingApp> {
  startupPhase('main', 'modules loaded', 0);
  const db = await prepareDatabase(env.DATABASE_URL);
  let pool: QueryPool | null = null;
  let stopWatching = (): void => undefined;
  try {
    // The one-time password goes to stdout (it is the operator's to copy), once.
    await timedPhase('main', 'first admin', () =>
      ensureFirstAdmin(db, {
        adminPassword: process.env.ADMIN_PASSWORD,
        announce: (line) => console.log(line),
      }),
    );
    pool = await timedPhase('main', 'query pool', () => queryPoolFor(db, env.DATABASE_URL));
    const watch = startObservability(env, db);
    const stopVersionWatch = startDataVersionWatch(db, pool, {
      everyMs: env.DATA_POLL_MS,
      onChange: (version) => {
        observeDataVersionChange();
        watch.sink({ type: 'data-version', time: now(), version });
      },
      report: (error) =>
        watch.sink({ type: 'error', time: now(), what: 'data version', error: String(error) }),
    });
    stopWatching = () => {
      watch.stop();
      stopVersionWatch();
    };
    const server = await timedPhase('main', 'http server', () =>
      createHttpServer({
        db,
        ...(options.distDir ? { distDir: options.distDir } : {}),
        ...(pool ? { pool } : {}),
        ...(watch.requestLog ? { requestLog: watch.requestLog } : {}),
      }),
    );
    const url = await timedPhase('main', 'listen', () => listen(server, env.PORT, env.HOST));
    const ownPool = pool;
    let closing: Promise<void> | null = null;
    return {
      url,
      server,
      db,
      pool,
      close: () => (closing ??= shutDown(server, db, ownPool, stopWatching, env.SHUTDOWN_GRACE_MS)),
    };
  } catch (error) {
    stopWatching();
    await Promise.all([pool?.close(), closeSharedPools()]);
    await db.destroy();
    throw error;
  }
}

async function shutDown(
  server: Server,
  db: Kysely<Database>,
  pool: QueryPool | null,
  stopWatching: () => void,
  graceMs: number,
): Promise<void> {
  await closeServer(server, graceMs);
  stopWatching();
  await Promise.all([pool?.close(), closeSharedPools()]);
  await handlersSettled(server, SETTLE_CAP_MS);
  await Promise.race([flushDeferredWrites(), sleep(FLUSH_CAP_MS, undefined, { ref: false })]);
  await db.destroy();
}

/**
 * SIGTERM/SIGINT run `stop` once, then exit 0 (1 when it failed); a second signal exits 1 at once.
 * `stop` should end within its own deadlines; `hardLimitMs` is the backstop if it hangs.
 */
export function stopOnSignals(stop: () => Promise<void>, hardLimitMs = 30_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`${signal}: shutting down…\n`);
    setTimeout(() => {
      console.error(`shutdown did not finish within ${hardLimitMs / 1000} s`);
      process.exit(1);
    }, hardLimitMs).unref();
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('shutdown failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
