import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isPostgresUrl, openDatabase, type DialectName } from '../server/db/connect.ts';
import type { Filters } from '../server/domain/filters.ts';
import type { ScaleName } from '../server/seed/index.ts';
import { BENCH_CASES, overviewBatch, type BenchCase } from './cases.ts';
import {
  DIALECT_NAMES,
  postgresBenchDatabase,
  shownUrl,
  sqliteBenchDatabase,
  type BenchDatabase,
} from './database.ts';
import { prepareDataset, type DatasetReport } from './datasets.ts';
import { benchDuckDb, loadDuckDb, type DuckCaseResult } from './duckdb.ts';
import { filterSets, universeOf, type FilterUniverse } from './filters.ts';
import { benchBatch, benchHttpCases, startServer, type HttpCaseResult } from './http.ts';
import { benchInProcess, type InProcessReport } from './in-process.ts';
import { dialectRatios, printScaleTable, TARGETS } from './report.ts';
import {
  benchRestarts,
  benchSnapshot,
  type RestartResult,
  type SnapshotReport,
} from './snapshot.ts';
import type { Latency } from './stats.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const FILTER_SEED = 1403;
const RESTARTS = 3;

const USAGE = `npm run bench -- [--scale national|large|all] [--pg postgres://…] [--iterations N] [--skip-duckdb]
  [--quick] [--duckdb-iterations N] [--case-budget SECONDS] [--reuse-rollups] [--exclude REGEX]
  [--data-dir DIR] [--out FILE]`;

interface Options {
  scales: ScaleName[];
  iterations: number;
  duckIterations: number;
  skipDuckdb: boolean;
  reuseRollups: boolean;
  /** Cases whose label matches are left out (e.g. a procedure too slow to finish). */
  exclude: RegExp | null;
  quick: boolean;
  caseBudget: number;
  /**
   * A PostgreSQL server (`--pg URL`, else a PostgreSQL DATABASE_URL): each scale also runs on
   * its own database there. Its database is the one connected to for creating those.
   */
  pg: string | null;
  dataDir: string;
  out: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string', default: 'all' },
      iterations: { type: 'string' },
      'duckdb-iterations': { type: 'string' },
      'skip-duckdb': { type: 'boolean', default: false },
      'reuse-rollups': { type: 'boolean', default: false },
      exclude: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'case-budget': { type: 'string' },
      'data-dir': { type: 'string', default: join(BENCH_DIR, 'data') },
      out: { type: 'string' },
      pg: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const scale = quick ? 'national' : values.scale;
  if (!['national', 'large', 'all'].includes(scale)) throw new Error(`--scale: ${scale}\n${USAGE}`);
  const int = (v: string | undefined, fallback: number, what: string) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${what} must be a positive integer\n${USAGE}`);
    return n;
  };
  const iterations = int(values.iterations, quick ? 20 : 100, '--iterations');
  const envUrl = process.env.DATABASE_URL;
  const pg = values.pg ?? (envUrl && isPostgresUrl(envUrl) ? envUrl : null);
  if (pg !== null && !isPostgresUrl(pg)) throw new Error(`--pg: not a postgres:// URL\n${USAGE}`);
  return {
    scales: scale === 'all' ? ['national', 'large'] : [scale as ScaleName],
    iterations,
    duckIterations: int(
      values['duckdb-iterations'],
      Math.min(iterations, quick ? 5 : 20),
      '--duckdb-iterations',
    ),
    skipDuckdb: values['skip-duckdb'],
    reuseRollups: values['reuse-rollups'],
    exclude: values.exclude ? new RegExp(values.exclude) : null,
    quick,
    caseBudget: int(values['case-budget'], quick ? 10 : 60, '--case-budget'),
    pg,
    dataDir: values['data-dir'],
    out:
      values.out ??
      (quick ? join(values['data-dir'], 'results-quick.json') : join(BENCH_DIR, 'results.json')),
  };
}

const runStarted = performance.now();
/** Each line of the log starts with the run's elapsed time, so every phase's duration shows. */
const log = (message: string) => {
  const s = Math.round((performance.now() - runStarted) / 1000);
  const stamp = `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  process.stderr.write(
    message.startsWith('\n') ? `\n${stamp} ${message.slice(1)}\n` : `${stamp} ${message}\n`,
  );
};
const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

/** One dialect's half of a scale: its dataset, in-process and HTTP cases, restarts. */
export interface DialectResult {
  dialect: DialectName;
  startedAt: string;
  finishedAt: string;
  loadAverageAtStart: number[];
  dataset: DatasetReport;
  snapshot: SnapshotReport;
  inProcess: InProcessReport;
  http: {
    serverStartupMs: number;
    cases: HttpCaseResult[];
    overviewBatchWarm: Latency & { errors: number };
    overviewBatchFirstAfterRestart: RestartResult[];
    /** Longest event-loop block: from listening through the facts load, the cases, the batches. */
    eventLoopMaxMs: { startup?: number; cases: number; overviewBatch: number };
    rssMb: number;
  };
}

export interface ScaleResult {
  scale: ScaleName;
  startedAt: string;
  finishedAt: string;
  loadAverageAtStart: number[];
  iterations: number;
  sqlite: DialectResult;
  /** Null unless `--pg URL` (or a PostgreSQL DATABASE_URL) was given. */
  postgres: DialectResult | null;
  /** DuckDB over the SQLite file's tables: the same questions, the engine's raw SQL. */
  duckdb: { loadSeconds: number; iterations: number; cases: DuckCaseResult[] } | null;
}

async function universeAt(url: string): Promise<FilterUniverse> {
  const db = openDatabase(url, { readonly: true });
  try {
    return await universeOf(db);
  } finally {
    await db.destroy();
  }
}

/** What every dialect of a scale shares: the same filter sets and cases. */
interface Workload {
  cases: BenchCase[];
  sets: Filters[];
  years: FilterUniverse['years'];
}

/**
 * One dialect of a scale on its prepared dataset: the facts snapshot, the cases in-process and
 * over HTTP, the Overview batch, the server's event loop and RSS, then the restarts.
 */
async function benchDialect(
  target: BenchDatabase,
  dataset: DatasetReport,
  work: Workload,
  options: Options,
): Promise<DialectResult> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = load();
  log(`-- ${DIALECT_NAMES[target.dialect]} (load average ${loadAverageAtStart.join(' ')}) --`);
  // Written for the data version the rollup rebuild just made: every server below reads it.
  const snapshot = await benchSnapshot(target, log);

  log('in-process (createCaller):');
  const inProcess = await benchInProcess(target, work.cases, work.sets, options.caseBudget, log);

  log('over HTTP:');
  const server = await startServer(target.url, undefined, { snapshotDir: target.snapshotDir });
  let http: DialectResult['http'];
  try {
    const warmed = await server.warm();
    log(
      `  query workers loaded the facts in ${(warmed.ms / 1000).toFixed(1)} s (${warmed.loaded ? 'in memory' : 'NOT loaded: raw SQL'})`,
    );
    const afterWarm = await server.stats();
    server.resetEventLoop();
    const cases = await benchHttpCases(server, work.cases, work.sets, options.caseBudget, log);
    // The histogram restarts with each case: the run's longest block is the longest of theirs.
    const casesLoopMaxMs = Math.max(0, ...cases.map((c) => c.eventLoopMaxMs));
    const afterCases = await server.stats();
    server.resetEventLoop();
    const overviewBatchWarm = await benchBatch(
      server,
      work.sets.map((f) => overviewBatch(f, work.years)),
      options.caseBudget,
    );
    const afterBatch = await server.stats();
    log(
      `  overview batch (warm): p50 ${overviewBatchWarm.p50} ms, p95 ${overviewBatchWarm.p95} ms`,
    );
    http = {
      serverStartupMs: Math.round(server.startupMs),
      cases,
      overviewBatchWarm,
      overviewBatchFirstAfterRestart: [],
      eventLoopMaxMs: {
        startup: afterWarm.eventLoopMaxMs,
        cases: casesLoopMaxMs,
        overviewBatch: afterBatch.eventLoopMaxMs,
      },
      rssMb: Math.max(afterCases.rssMb, afterBatch.rssMb),
    };
  } finally {
    await server.stop();
  }
  http.overviewBatchFirstAfterRestart = await benchRestarts(target, work.years, RESTARTS, log);
  return {
    dialect: target.dialect,
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverageAtStart,
    dataset,
    snapshot,
    inProcess,
    http,
  };
}

/**
 * One scale: SQLite, PostgreSQL (with `--pg`), DuckDB. `checkpoint` gets the result so far after
 * each dialect, so a failure later in an hour-long run keeps what was measured.
 */
async function benchScale(
  scale: ScaleName,
  options: Options,
  checkpoint: (partial: ScaleResult) => void,
): Promise<ScaleResult> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = load();
  log(`\n== ${scale} (load average ${loadAverageAtStart.join(' ')}) ==`);
  const prepare = (target: BenchDatabase) =>
    prepareDataset(
      scale,
      target,
      { reuseRollups: options.reuseRollups, ...(options.pg ? { serverUrl: options.pg } : {}) },
      log,
    );
  const lite = sqliteBenchDatabase(options.dataDir, scale);
  const liteDataset = await prepare(lite);
  const universe = await universeAt(lite.url);
  const work: Workload = {
    cases: BENCH_CASES.filter((c) => !options.exclude?.test(c.label)),
    sets: filterSets(FILTER_SEED, universe, options.iterations),
    years: universe.years,
  };
  const sqlite = await benchDialect(lite, liteDataset, work, options);
  const sofar = (postgres: DialectResult | null): ScaleResult => ({
    scale,
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverageAtStart,
    iterations: options.iterations,
    sqlite,
    postgres,
    duckdb: null,
  });
  checkpoint(sofar(null));

  let postgres: DialectResult | null = null;
  if (options.pg) {
    const target = postgresBenchDatabase(options.pg, options.dataDir, scale);
    const dataset = await prepare(target);
    // The same seed gives the same rows; the ratios mean nothing if they differ.
    if (JSON.stringify(dataset.counts) !== JSON.stringify(liteDataset.counts)) {
      throw new Error(
        `PostgreSQL holds ${JSON.stringify(dataset.counts)}, SQLite ${JSON.stringify(liteDataset.counts)}`,
      );
    }
    postgres = await benchDialect(target, dataset, work, options);
    checkpoint(sofar(postgres));
  }

  let duckdb: ScaleResult['duckdb'] = null;
  if (!options.skipDuckdb) {
    log("DuckDB (same questions, the engine's raw SQL):");
    const duck = await loadDuckDb(lite.url, log);
    try {
      log(`  duckdb: loaded in ${duck.loadSeconds.toFixed(1)} s (not counted)`);
      const cases = await benchDuckDb(
        duck,
        lite.url,
        work.cases,
        work.sets.slice(0, options.duckIterations),
        options.caseBudget,
        log,
      );
      duckdb = {
        loadSeconds: Math.round(duck.loadSeconds * 10) / 10,
        iterations: options.duckIterations,
        cases,
      };
    } finally {
      duck.close();
    }
  }
  return {
    scale,
    startedAt,
    finishedAt: new Date().toISOString(),
    loadAverageAtStart,
    iterations: options.iterations,
    sqlite,
    postgres,
    duckdb,
  };
}

/** Scales of an earlier results file, kept when this run measures only some (see README). */
function previousScales(out: string): Record<string, unknown> {
  if (!existsSync(out)) return {};
  try {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as { scales?: Record<string, unknown> };
    return previous.scales ?? {};
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: load(),
  };
  const dialects = options.pg ? 'SQLite and PostgreSQL' : 'SQLite';
  log(
    `bench: ${options.scales.join(', ')} on ${dialects}, ${options.iterations} filter sets, ${machine.cores} cores, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const started = new Date().toISOString();
  const previous = previousScales(options.out);
  const results: ScaleResult[] = [];
  // Written after each dialect (`partial: true`) and once more at the end.
  const write = (done: ScaleResult[], partial: boolean) => {
    const report = {
      startedAt: started,
      finishedAt: new Date().toISOString(),
      partial,
      machine: { ...machine, loadAverageAtEnd: load() },
      options: {
        iterations: options.iterations,
        duckdbIterations: options.skipDuckdb ? 0 : options.duckIterations,
        caseBudgetSeconds: options.caseBudget,
        filterSeed: FILTER_SEED,
        quick: options.quick,
        postgres: options.pg
          ? shownUrl({ dialect: 'postgres', url: options.pg, snapshotDir: '' })
          : null,
        excluded: options.exclude ? options.exclude.source : null,
        reuseRollups: options.reuseRollups,
      },
      targets: TARGETS,
      scales: {
        ...previous,
        ...Object.fromEntries(
          done.map((r) => [
            r.scale,
            { ...r, postgresVsSqlite: r.postgres ? dialectRatios(r.sqlite, r.postgres) : null },
          ]),
        ),
      },
    };
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  };
  for (const scale of options.scales) {
    const result = await benchScale(scale, options, (partial) => {
      write([...results, partial], true);
      log(`  (results so far written to ${options.out})`);
    });
    results.push(result);
    printScaleTable(result);
  }
  write(results, false);
  log(`\nwrote ${options.out}`);
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
