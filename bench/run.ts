import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import type { ScaleName } from '../server/seed/index.ts';
import { BENCH_CASES, overviewBatch } from './cases.ts';
import { prepareDataset, type DatasetReport } from './datasets.ts';
import { benchDuckDb, loadDuckDb, type DuckCaseResult } from './duckdb.ts';
import { filterSets, type FilterUniverse } from './filters.ts';
import { benchBatch, benchHttpCases, startServer, type HttpCaseResult } from './http.ts';
import { benchInProcess, type InProcessReport } from './in-process.ts';
import { printScaleTable, TARGETS } from './report.ts';
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

const USAGE = `npm run bench -- [--scale national|large|all] [--iterations N] [--skip-duckdb] [--quick]
  [--duckdb-iterations N] [--case-budget SECONDS] [--reuse-rollups] [--exclude REGEX] [--data-dir DIR] [--out FILE]`;

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
    dataDir: values['data-dir'],
    out:
      values.out ??
      (quick ? join(values['data-dir'], 'results-quick.json') : join(BENCH_DIR, 'results.json')),
  };
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

export interface ScaleResult {
  scale: ScaleName;
  startedAt: string;
  finishedAt: string;
  dataset: DatasetReport;
  loadAverageAtStart: number[];
  iterations: number;
  inProcess: InProcessReport;
  http: {
    serverStartupMs: number;
    cases: HttpCaseResult[];
    overviewBatchWarm: Latency & { errors: number };
    overviewBatchFirstAfterRestart: RestartResult[];
    eventLoopMaxMs: { cases: number; overviewBatch: number };
    rssMb: number;
  };
  duckdb: { loadSeconds: number; iterations: number; cases: DuckCaseResult[] } | null;
  snapshot: SnapshotReport;
}

async function universeOf(file: string): Promise<FilterUniverse> {
  const db = openDatabase(file, { readonly: true });
  try {
    const d = await getDimensions(db, ALL_SCOPE);
    return {
      provinces: d.provinces.map((p) => p.code),
      sectors: d.sectors.map((s) => s.code),
      categories: d.categories.map((c) => c.code),
      headings: d.headings.map((h) => ({ code: h.code, category: h.category })),
      parks: d.parks.map((p) => ({ code: p.code, province: p.province })),
      clusters: d.clusters.map((c) => ({ code: c.code, province: c.province })),
      years: d.years,
    };
  } finally {
    await db.destroy();
  }
}

async function benchScale(scale: ScaleName, options: Options): Promise<ScaleResult> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = load();
  log(`\n== ${scale} (load average ${loadAverageAtStart.join(' ')}) ==`);
  const dataset = await prepareDataset(
    scale,
    join(options.dataDir, `${scale}.db`),
    options.reuseRollups,
    log,
  );
  const file = dataset.file;
  const universe = await universeOf(file);
  const sets = filterSets(FILTER_SEED, universe, options.iterations);
  const benchCases = BENCH_CASES.filter((c) => !options.exclude?.test(c.label));

  // Written for the data version the rollup rebuild just made: every server below reads it.
  const snapshot = await benchSnapshot(file, log);

  log('in-process (createCaller):');
  const inProcess = await benchInProcess(file, benchCases, sets, options.caseBudget, log);

  log('over HTTP:');
  const server = await startServer(file);
  let http: ScaleResult['http'];
  try {
    const warmed = await server.warm();
    log(
      `  query workers loaded the facts in ${(warmed.ms / 1000).toFixed(1)} s (${warmed.loaded ? 'in memory' : 'NOT loaded: raw SQL'})`,
    );
    server.resetEventLoop();
    const cases = await benchHttpCases(server, benchCases, sets, options.caseBudget, log);
    const afterCases = await server.stats();
    server.resetEventLoop();
    const overviewBatchWarm = await benchBatch(
      server,
      sets.map((f) => overviewBatch(f, universe.years)),
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
        cases: afterCases.eventLoopMaxMs,
        overviewBatch: afterBatch.eventLoopMaxMs,
      },
      rssMb: Math.max(afterCases.rssMb, afterBatch.rssMb),
    };
  } finally {
    await server.stop();
  }
  http.overviewBatchFirstAfterRestart = await benchRestarts(file, universe.years, RESTARTS, log);

  let duckdb: ScaleResult['duckdb'] = null;
  if (!options.skipDuckdb) {
    log("DuckDB (same questions, the engine's raw SQL):");
    const duck = await loadDuckDb(file, log);
    try {
      log(`  duckdb: loaded in ${duck.loadSeconds.toFixed(1)} s (not counted)`);
      const cases = await benchDuckDb(
        duck,
        file,
        benchCases,
        sets.slice(0, options.duckIterations),
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
    dataset,
    loadAverageAtStart,
    iterations: options.iterations,
    inProcess,
    http,
    duckdb,
    snapshot,
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
  log(
    `bench: ${options.scales.join(', ')}, ${options.iterations} filter sets, ${machine.cores} cores, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const started = new Date().toISOString();
  const results: ScaleResult[] = [];
  for (const scale of options.scales) {
    const result = await benchScale(scale, options);
    results.push(result);
    printScaleTable(result);
  }
  const report = {
    startedAt: started,
    finishedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: load() },
    options: {
      iterations: options.iterations,
      duckdbIterations: options.skipDuckdb ? 0 : options.duckIterations,
      caseBudgetSeconds: options.caseBudget,
      filterSeed: FILTER_SEED,
      quick: options.quick,
      excluded: options.exclude ? options.exclude.source : null,
    },
    targets: TARGETS,
    scales: {
      ...previousScales(options.out),
      ...Object.fromEntries(results.map((r) => [r.scale, r])),
    },
  };
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${options.out}`);
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
