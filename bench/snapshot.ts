import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import {
  readFactsSnapshot,
  snapshotKeyOf,
  writeFactsSnapshot,
} from '../server/engine/facts/facts-snapshot.ts';
import { loadMemoryFacts } from '../server/engine/facts/memory-facts.ts';
import { rebuildRollups, rollupsAreFresh } from '../server/engine/rollups/rollups.ts';
import { overviewBatch } from './cases.ts';
import { benchDatabaseAt, snapshotPathOf, type BenchDatabase } from './database.ts';
import { buildServerBundle, ensureBenchUser, restartBuilt } from './built-server.ts';
import { percentile, since } from './stats.ts';

// Also runnable alone, for a dataset the whole bench would take too long on:
// `npx tsx bench/snapshot.ts --db bench/data/large.db [--restarts 3]`.

export interface SnapshotReport {
  bytes: number;
  /** The facts from the tables (what a restart without a snapshot pays), in this process. */
  loadFromTablesMs: number;
  /** Temp file, fsync, rename. */
  writeMs: number;
  /** Median of the reads (checked and viewed as facts), and each read. */
  readMs: number;
  reads: number[];
  /** Longest event-loop block in this process while it read (the reads are chunked). */
  readEventLoopMaxMs: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The facts snapshot of `target` (facts-snapshot.ts): loads the facts from the tables, writes the
 * snapshot the server reads at start (replacing any), then reads it back `reads` times on this
 * thread with the event loop watched. The OS page cache is warm for the reads (dropping it needs
 * root); a cold disk adds its sequential read time.
 */
export async function benchSnapshot(
  target: BenchDatabase,
  log: (message: string) => void,
  reads = 5,
): Promise<SnapshotReport> {
  const db = openDatabase(target.url, { readonly: true });
  try {
    const key = await snapshotKeyOf(db);
    if (!key) throw new Error('no data version: rebuild the rollups first');
    const path = snapshotPathOf(target);
    rmSync(path, { force: true });
    let t = performance.now();
    // As the server's loader reads them (query-worker.ts): the cells are built after sharing.
    const derive = { cells: false };
    const facts = await loadMemoryFacts(db, derive);
    if (!facts) throw new Error('the facts did not load');
    const loadFromTablesMs = since(t);
    t = performance.now();
    const { bytes } = await writeFactsSnapshot(path, facts, key);
    const writeMs = since(t);
    const times: number[] = [];
    const eld = monitorEventLoopDelay({ resolution: 10 });
    eld.enable();
    for (let i = 0; i < reads; i++) {
      t = performance.now();
      const read = await readFactsSnapshot(path, key, derive);
      times.push(since(t));
      if (!read.facts) throw new Error(`snapshot not read: ${read.reason} ${read.detail}`);
    }
    eld.disable();
    const report: SnapshotReport = {
      bytes,
      loadFromTablesMs: round(loadFromTablesMs),
      writeMs: round(writeMs),
      readMs: round(percentile(times, 0.5)),
      reads: times.map(round),
      readEventLoopMaxMs: Math.round(eld.max / 1e4) / 100,
    };
    log(
      `  facts snapshot: ${(bytes / 2 ** 20).toFixed(1)} MB; from the tables ${(loadFromTablesMs / 1000).toFixed(1)} s, write ${report.writeMs} ms, read p50 ${report.readMs} ms (event loop max ${report.readEventLoopMaxMs} ms)`,
    );
    return report;
  } finally {
    await db.destroy();
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
