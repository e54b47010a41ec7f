import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import { startTsWorker } from '../server/threads/start-ts-worker.ts';
import { rebuildRollups, rollupsAreFresh } from '../server/engine/rollups/rollups.ts';
import { overviewBatch } from './cases.ts';
import { benchDatabaseAt, snapshotPathOf, type BenchDatabase } from './database.ts';
import { buildServerBundle, ensureBenchUser, restartBuilt } from './built-server.ts';
import type { SnapshotWorkerMessage, SnapshotWorkerSetup } from './snapshot-worker.ts';
import { percentile } from './stats.ts';

const SNAPSHOT_WORKER = new URL('./snapshot-worker.ts', import.meta.url).href;

// Also runnable alone, for a dataset the whole bench would take too long on:
// `npx tsx bench/snapshot.ts --db bench/data/large.db [--restarts 3]`.

export interface SnapshotReport {
  bytes: number;
  /** The facts from the tables (what a restart without a snapshot pays), in a worker thread. */
  loadFromTablesMs: number;
  /** Temp file, fsync, rename. */
  writeMs: number;
  /** Median of the reads (checked and viewed as facts), and each read. */
  readMs: number;
  reads: number[];
  /**
   * The longest event-loop block on the bench's main thread while a worker thread read the
   * snapshot and posted each read's facts to it, as a server's loading query worker reads them
   * and posts them to the pool on its main thread (snapshot-worker.ts).
   */
  readMainThreadMaxMs?: number;
  /** The reading worker's own longest block during a read (it answers no query meanwhile). */
  readWorkerMaxMs?: number;
  /**
   * Results written before the reads moved to a worker: the longest block while the bench
   * process read the snapshot on its own main thread, which no server does.
   */
  readEventLoopMaxMs?: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The facts snapshot of `target` (facts-snapshot.ts), in a worker thread as the server's loading
 * query worker makes it (snapshot-worker.ts): loads the facts from the tables, writes the
 * snapshot the server reads at start (replacing any), then reads it back `reads` times, posting
 * each read's facts here as the loader posts them to the pool, while this thread watches its
 * event loop. The OS page cache is warm for the reads (dropping it needs root); a cold disk adds
 * its sequential read time.
 */
export async function benchSnapshot(
  target: BenchDatabase,
  log: (message: string) => void,
  reads = 5,
): Promise<SnapshotReport> {
  const setup: SnapshotWorkerSetup = { url: target.url, path: snapshotPathOf(target), reads };
  const worker = startTsWorker(SNAPSHOT_WORKER, setup);
  const eld = monitorEventLoopDelay({ resolution: 10 });
  try {
    const report = await new Promise<SnapshotReport>((resolve, reject) => {
      let written: Extract<SnapshotWorkerMessage, { written: true }> | null = null;
      const times: number[] = [];
      let workerMax = 0;
      worker.on('error', reject);
      // The worker ends once it has posted its last read, which may be before the turn below.
      worker.on('exit', (code) => {
        if (times.length < reads) reject(new Error(`the snapshot worker exited (${code})`));
      });
      worker.on('message', (message: SnapshotWorkerMessage) => {
        if ('failed' in message) reject(new Error(message.failed));
        else if ('written' in message) {
          written = message;
          eld.enable();
          worker.postMessage('read');
        } else {
          times.push(message.ms);
          workerMax = Math.max(workerMax, message.loopMaxMs);
          if (times.length < reads || !written) return;
          // One more turn, so a block from handling the last message is recorded.
          setTimeout(() => {
            eld.disable();
            resolve({
              bytes: written?.bytes ?? 0,
              loadFromTablesMs: round(written?.loadFromTablesMs ?? 0),
              writeMs: round(written?.writeMs ?? 0),
              readMs: round(percentile(times, 0.5)),
              reads: times.map(round),
              readMainThreadMaxMs: Math.round(eld.max / 1e4) / 100,
              readWorkerMaxMs: Math.round(workerMax * 100) / 100,
            });
          }, 20);
        }
      });
    });
    log(
      `  facts snapshot (in a worker thread, as the server's loader): ${(report.bytes / 2 ** 20).toFixed(1)} MB; from the tables ${(report.loadFromTablesMs / 1000).toFixed(1)} s, write ${report.writeMs} ms, read p50 ${report.readMs} ms (main thread's longest block ${report.readMainThreadMaxMs} ms; the reading worker's ${report.readWorkerMaxMs} ms)`,
    );
    return report;
  } finally {
    eld.disable();
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/** One restart of the built server (bench/built-server.ts) on the same database. */
export interface RestartResult {
  /** In the server process, from its start to listening (module loading included). */
  startupMs: number;
  /** Spawn to listening, from outside (the first restart then signs in, while facts load). */
  listeningMs: number;
  /** Spawn to both query workers holding the facts (their start and the snapshot read). */
  factsMs: number;
  factsFrom: 'snapshot' | 'database' | null;
  /** Of which the loading worker's read of the snapshot (or load from the tables). */
  factsLoadMs: number | null;
  /** The first Overview batch (no filters), sent once the facts are in and answered from them. */
  firstMs: number;
  /** Spawn to the first Overview answered. */
  restartMs: number;
  /** The restarted server's longest event-loop block, from its start to the first Overview. */
  eventLoopMaxMs?: number;
}

/**
 * The landing page right after restarts: each a fresh process of the BUILT server (what
 * `npm start` runs; the bundle is built from the current sources first), its workers' facts read
 * from the snapshot, then the Overview with no filters sent once they are in (a browser left
 * open sends it at once; its plans wait for the facts the same way) and answered from them.
 * The server runs with no tsx: through tsx (its module loading in the process and again in each
 * worker) this line measured 2.5-2.8 s at `large` where the built server served its first
 * Overview 1.0-1.2 s after spawn (bench/restart.ts).
 */
export async function benchRestarts(
  target: BenchDatabase,
  years: Parameters<typeof overviewBatch>[1],
  count: number,
  log: (message: string) => void,
): Promise<RestartResult[]> {
  buildServerBundle();
  await ensureBenchUser(target.url);
  const results: RestartResult[] = [];
  let cookie: string | null = null;
  for (let i = 0; i < count; i++) {
    const r = await restartBuilt(target, overviewBatch(EMPTY_FILTERS, years), {
      cookie,
      afterFacts: true,
    });
    cookie = r.cookie;
    const result: RestartResult = {
      startupMs: Math.round(r.startupMs ?? Number.NaN),
      listeningMs: Math.round(r.listeningMs),
      factsMs: Math.round(r.factsMs ?? Number.NaN),
      factsFrom: r.factsFrom,
      factsLoadMs: r.factsLoadMs,
      firstMs: Math.round(r.firstMs * 100) / 100,
      restartMs: Math.round(r.restartMs),
      ...(r.eventLoopMaxMs === null ? {} : { eventLoopMaxMs: r.eventLoopMaxMs }),
    };
    results.push(result);
    log(
      `  restart #${i + 1} (built server) to the first overview: ${result.restartMs} ms (listening ${result.listeningMs} ms${i === 0 ? ', then signed in' : ''}; facts from the ${r.factsFrom ?? 'nowhere'} in every worker at ${result.factsMs} ms, of which the load ${r.factsLoadMs ?? '—'} ms; first overview batch ${result.firstMs} ms; longest event-loop block ${r.eventLoopMaxMs ?? '—'} ms)`,
    );
  }
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, restarts: { type: 'string', default: '3' } },
  });
  if (!values.db)
    throw new Error('usage: npx tsx bench/snapshot.ts --db FILE|postgres://… [--restarts N]');
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const db = openDatabase(values.db);
  const years = (await getDimensions(db, ALL_SCOPE)).years;
  if (!(await rollupsAreFresh(db))) {
    log('rebuilding the rollups (a new data version)…');
    log(`  rebuilt in ${(await rebuildRollups(db)).seconds.toFixed(1)} s`);
  }
  await db.destroy();
  const target = benchDatabaseAt(values.db);
  const snapshot = await benchSnapshot(target, log);
  const restarts = await benchRestarts(target, years, Number(values.restarts), log);
  console.log(JSON.stringify({ snapshot, restarts }, null, 2));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error('bench/snapshot failed:', error);
    process.exit(1);
  });
}
