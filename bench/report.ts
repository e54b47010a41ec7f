import { BENCH_CASES } from './cases.ts';
import { DIALECT_NAMES } from './database.ts';
import type { DialectResult, ScaleResult } from './run.ts';

/** Issue #15's targets at `large` (2 cores; issue #3's plus HTTP, RSS, drill and PostgreSQL). */
export const TARGETS = {
  widgetP95Ms: 20,
  widgetHttpP95Ms: 30,
  fasterThanDuckDb: 10,
  overviewBatchWarmP95Ms: 60,
  overviewBatchFirstAfterRestartMs: 250,
  restartToFirstOverviewMs: 2000,
  /** The rebuild of every derived state after a seed or import: rollups, facts, their snapshot. */
  rollupRebuildSeconds: 45,
  eventLoopBlockMs: 50,
  /** The server process (main thread and both query workers) with the facts loaded. */
  serverRssMb: 1.2 * 1024,
  /** The unit drill's first page and impact (in-process and over HTTP). */
  drillImpactP95Ms: 100,
  /** PostgreSQL's figure of every case at most this many times SQLite's. */
  postgresVsSqlite: 2,
} as const;

const fmt = (v: number | undefined | null, digits = 1) =>
  v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits);
const yes = (ok: boolean | null) => (ok === null ? '—' : ok ? 'ok' : 'MISS');
const times = (v: number | undefined) => (v === undefined ? '—' : `${fmt(v, 2)}×`);
const ratio = (pg: number | undefined, sqlite: number | undefined) =>
  pg === undefined || sqlite === undefined || !(sqlite > 0) ? undefined : pg / sqlite;
const maxOf = (values: number[]) => (values.length ? Math.max(...values) : Number.NaN);

/** Prints a header and rows as aligned columns. */
function printTable(title: string, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    header.map((_, i) => (r[i] ?? '').padEnd(widths[i] ?? 0)).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
}

/** One row of a dialect's table: a case with every measurement of it. */
export interface TableRow {
  label: string;
  p50: number;
  p95: number;
  raw: string;
  httpP50: number | undefined;
  httpP95: number | undefined;
  duckP50: number | undefined;
  /** DuckDB p50 / ours p50 (in-process): "N× faster". */
  faster: number | undefined;
  target: string;
  ok: boolean | null;
}

/** The unit drill (its first page, all units without filters) and impact: ≤ 100 ms p95. */
const DRILL_IMPACT = new Set(['stats.drill level=unit', 'stats.impact']);

/**
 * The table rows of one dialect; `ok` judges widget p95 (in-process and over HTTP) and the DuckDB
 * ratio (DuckDB ran on the SQLite file's tables: the same questions for both dialects), and the
 * unit drill's and impact's p95 (both ways).
 */
export function tableRows(result: DialectResult, duckdb: ScaleResult['duckdb']): TableRow[] {
  return result.inProcess.cases.map((c) => {
    const spec = BENCH_CASES.find((b) => b.label === c.label);
    const http = result.http.cases.find((h) => h.label === c.label);
    const duck = duckdb?.cases.find((d) => d.label === c.label);
    const faster = duck && duck.n > 0 && c.p50 > 0 ? duck.p50 / c.p50 : undefined;
    const widget = spec?.widget ?? false;
    const within = (limit: number, httpLimit = limit) =>
      c.p95 <= limit && (http === undefined || http.p95 <= httpLimit);
    const duckOk = faster === undefined ? null : faster >= TARGETS.fasterThanDuckDb;
    const drill = DRILL_IMPACT.has(c.label);
    return {
      label: c.label,
      p50: c.p50,
      p95: c.p95,
      raw: `${c.offloaded}/${c.n + 1}`,
      httpP50: http?.p50,
      httpP95: http?.p95,
      duckP50: duck?.p50,
      faster,
      target: widget
        ? `p95≤${TARGETS.widgetP95Ms}/${TARGETS.widgetHttpP95Ms}, ≥${TARGETS.fasterThanDuckDb}×`
        : drill
          ? `p95≤${TARGETS.drillImpactP95Ms}`
          : 'report only',
      ok: widget
        ? within(TARGETS.widgetP95Ms, TARGETS.widgetHttpP95Ms) && duckOk !== false
        : drill
          ? within(TARGETS.drillImpactP95Ms)
          : null,
    };
  });
}

/**
 * The main thread's longest block while a worker reads the snapshot, as a server's loader does
 * (snapshot.ts); results written before that measured the bench's own main thread reading it.
 */
function snapshotReadBlockLine(snap: DialectResult['snapshot']): Line {
  const inWorker = snap.readMainThreadMaxMs !== undefined;
  const value = snap.readMainThreadMaxMs ?? snap.readEventLoopMaxMs ?? Number.NaN;
  return {
    label: inWorker
      ? 'longest block while a worker reads the snapshot: main thread / the worker (ms)'
      : 'longest block while the bench process reads the snapshot (ms)',
    value,
    ...(inWorker && snap.readWorkerMaxMs !== undefined ? { second: snap.readWorkerMaxMs } : {}),
    target: `≤${TARGETS.eventLoopBlockMs}`,
    ok: value <= TARGETS.eventLoopBlockMs,
  };
}

/** The figures below the cases: Overview batch, restarts, snapshot, rebuild, event loop, RSS. */
export interface Line {
  label: string;
  value: number;
  /** A second figure shown beside it (p95, the snapshot read), if any. */
  second?: number;
  digits?: number;
  target?: string;
  ok?: boolean;
}

export function lines(result: DialectResult): Line[] {
  const h = result.http;
  const restarts = h.overviewBatchFirstAfterRestart;
  const first = maxOf(restarts.map((f) => f.firstMs));
  const restart = maxOf(restarts.map((f) => f.restartMs));
  const fromSnapshot = restarts.every((f) => f.factsFrom === 'snapshot');
  const snap = result.snapshot;
  // The whole run: the server from listening through the facts load, its cases and batches,
  // every restarted server, and the in-process cases. Not the bench's own snapshot reads (their
  // line is below): a server reads the snapshot in a query worker, off its main thread.
  const eld = maxOf([
    h.eventLoopMaxMs.cases,
    h.eventLoopMaxMs.overviewBatch,
    h.eventLoopMaxMs.startup ?? 0,
    ...restarts.map((f) => f.eventLoopMaxMs ?? 0),
    result.inProcess.eventLoopMaxMs,
  ]);
  // Rollups and the facts snapshot: one rebuild, or (before it wrote the snapshot) the rollups,
  // then the facts from the tables and their snapshot.
  const derivedSeconds = result.dataset.rollupWroteSnapshot
    ? result.dataset.rollupSeconds
    : result.dataset.rollupSeconds + (snap.loadFromTablesMs + snap.writeMs) / 1000;
  return [
    {
      label: 'overview batch (warm)',
      value: h.overviewBatchWarm.p50,
      second: h.overviewBatchWarm.p95,
      target: `p95≤${TARGETS.overviewBatchWarmP95Ms}`,
      ok: h.overviewBatchWarm.p95 <= TARGETS.overviewBatchWarmP95Ms,
    },
    {
      label: 'overview batch, 1st after restart (max)',
      value: first,
      target: `≤${TARGETS.overviewBatchFirstAfterRestartMs}`,
      ok: first <= TARGETS.overviewBatchFirstAfterRestartMs,
    },
    {
      label: `restart to 1st overview (max; facts from ${fromSnapshot ? 'snapshot' : 'TABLES'})`,
      value: restart,
      digits: 0,
      target: `≤${TARGETS.restartToFirstOverviewMs}`,
      ok: fromSnapshot && restart <= TARGETS.restartToFirstOverviewMs,
    },
    {
      label: '  of which spawn to facts in every worker (max)',
      value: maxOf(restarts.map((f) => f.factsMs)),
      digits: 0,
    },
    {
      label: '  of which the snapshot read (max)',
      value: maxOf(restarts.map((f) => f.factsLoadMs ?? Number.NaN)),
      digits: 0,
    },
    {
      label: `facts snapshot write / read p50 (${(snap.bytes / 2 ** 20).toFixed(0)} MB)`,
      value: snap.writeMs,
      second: snap.readMs,
      digits: 0,
    },
    { label: 'facts from the tables (s)', value: snap.loadFromTablesMs / 1000 },
    snapshotReadBlockLine(snap),
    {
      label: `rollup rebuild (s)${result.dataset.rollupWroteSnapshot ? ', facts snapshot included' : ''}`,
      value: result.dataset.rollupSeconds,
    },
    {
      label: 'derived state after a seed: rollups + facts snapshot (s)',
      value: derivedSeconds,
      target: `≤${TARGETS.rollupRebuildSeconds}`,
      ok: derivedSeconds <= TARGETS.rollupRebuildSeconds,
    },
    {
      label: 'longest event-loop block, whole run (ms)',
      value: eld,
      target: `≤${TARGETS.eventLoopBlockMs}`,
      ok: eld <= TARGETS.eventLoopBlockMs,
    },
    {
      label: 'server RSS, facts loaded, two workers (MB)',
      value: h.rssMb,
      digits: 0,
      target: `≤${TARGETS.serverRssMb.toFixed(0)}`,
      ok: h.rssMb <= TARGETS.serverRssMb,
    },
  ];
}

/** A dialect's table: its cases against the targets, then its lines. */
function printDialectTable(scale: string, result: DialectResult, duckdb: ScaleResult['duckdb']) {
  const header = [
    'procedure',
    'p50',
    'p95',
    'raw',
    'http p50',
    'http p95',
    'duckdb p50',
    '× faster',
    'target',
    'ok?',
  ];
  const cases = tableRows(result, duckdb).map((r) => [
    r.label,
    fmt(r.p50),
    fmt(r.p95),
    r.raw,
    fmt(r.httpP50),
    fmt(r.httpP95),
    fmt(r.duckP50),
    r.faster === undefined ? '—' : `${fmt(r.faster)}×`,
    r.target,
    yes(r.ok),
  ]);
  // A line fills the first two figure columns and the target columns; the others stay empty.
  const below = lines(result).map((l) => {
    const row = new Array<string>(header.length).fill('');
    row[0] = l.label;
    row[1] = fmt(l.value, l.digits);
    row[2] = l.second === undefined ? '' : fmt(l.second, l.digits);
    row[header.length - 2] = l.target ?? '';
    row[header.length - 1] = l.ok === undefined ? '' : yes(l.ok);
    return row;
  });
  printTable(
    `${scale} on ${DIALECT_NAMES[result.dialect]} — ms unless stated; load average at start ${result.loadAverageAtStart.join(' ')}; raw = calls answered from raw tables (offloaded)`,
    header,
    [...cases, ...below],
  );
}

/** PostgreSQL / SQLite for one case: each figure's ratio, and the worst against the target. */
export interface DialectRatio {
  label: string;
  p50: number | undefined;
  p95: number | undefined;
  httpP50: number | undefined;
  httpP95: number | undefined;
  worst: number | undefined;
  ok: boolean | null;
}

/** Every case's PostgreSQL/SQLite ratios (in-process and over HTTP, p50 and p95). */
export function dialectRatios(sqlite: DialectResult, postgres: DialectResult): DialectRatio[] {
  return sqlite.inProcess.cases.map((lite) => {
    const pg = postgres.inProcess.cases.find((c) => c.label === lite.label);
    const liteHttp = sqlite.http.cases.find((c) => c.label === lite.label);
    const pgHttp = postgres.http.cases.find((c) => c.label === lite.label);
    const figures = {
      p50: ratio(pg?.p50, lite.p50),
      p95: ratio(pg?.p95, lite.p95),
      httpP50: ratio(pgHttp?.p50, liteHttp?.p50),
      httpP95: ratio(pgHttp?.p95, liteHttp?.p95),
    };
    const known = Object.values(figures).filter((v): v is number => v !== undefined);
    const worst = known.length ? Math.max(...known) : undefined;
    return {
      label: lite.label,
      ...figures,
      worst,
      ok: worst === undefined ? null : worst <= TARGETS.postgresVsSqlite,
    };
  });
}

/** The two dialects side by side: each case's figures and ratios, then the lines'. */
function printComparison(scale: string, sqlite: DialectResult, postgres: DialectResult): void {
  const pair = (a: number | undefined, b: number | undefined, r: number | undefined, digits = 1) =>
    `${fmt(a, digits)} / ${fmt(b, digits)} (${times(r)})`;
  const ratios = dialectRatios(sqlite, postgres);
  const rows = sqlite.inProcess.cases.map((lite, i) => {
    const pg = postgres.inProcess.cases.find((c) => c.label === lite.label);
    const liteHttp = sqlite.http.cases.find((c) => c.label === lite.label);
    const pgHttp = postgres.http.cases.find((c) => c.label === lite.label);
    const r = ratios[i];
    return [
      lite.label,
      pair(lite.p50, pg?.p50, r?.p50),
      pair(lite.p95, pg?.p95, r?.p95),
      pair(liteHttp?.p50, pgHttp?.p50, r?.httpP50),
      pair(liteHttp?.p95, pgHttp?.p95, r?.httpP95),
      times(r?.worst),
      yes(r?.ok ?? null),
    ];
  });
  const pgLines = lines(postgres);
  const below = lines(sqlite).map((l, i) => {
    const p = pgLines[i];
    return [
      l.label.replace(/\(max; facts from \w+\)/, '(max)'),
      pair(l.value, p?.value, ratio(p?.value, l.value), l.digits),
      l.second === undefined ? '' : pair(l.second, p?.second, ratio(p?.second, l.second), l.digits),
    ];
  });
  printTable(
    `${scale}: PostgreSQL against SQLite — each cell SQLite / PostgreSQL (PG÷SQLite); target: every case ≤ ${TARGETS.postgresVsSqlite}× (the worst of its four ratios)`,
    ['procedure', 'p50', 'p95', 'http p50', 'http p95', 'worst', 'ok?'],
    [...rows, ...below],
  );
}

/** Prints a scale's tables to stdout: one per dialect, and the comparison when both ran. */
export function printScaleTable(result: ScaleResult): void {
  printDialectTable(result.scale, result.sqlite, result.duckdb);
  if (result.postgres) {
    printDialectTable(result.scale, result.postgres, result.duckdb);
    printComparison(result.scale, result.sqlite, result.postgres);
  }
  if (result.duckdb)
    console.log(
      `DuckDB: tables copied from SQLite in ${result.duckdb.loadSeconds} s (not counted), ${result.duckdb.iterations} filter sets per question`,
    );
}
