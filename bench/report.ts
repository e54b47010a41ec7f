import { BENCH_CASES } from './cases.ts';
import type { ScaleResult } from './run.ts';

/** Issue #3's targets at `large` (2 cores). */
export const TARGETS = {
  widgetP95Ms: 20,
  fasterThanDuckDb: 10,
  overviewBatchWarmP95Ms: 60,
  overviewBatchFirstAfterRestartMs: 250,
  restartToFirstOverviewMs: 2000,
  rollupRebuildSeconds: 45,
  eventLoopBlockMs: 50,
} as const;

const fmt = (v: number | undefined | null, digits = 1) =>
  v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits);
const yes = (ok: boolean | null) => (ok === null ? '—' : ok ? 'ok' : 'MISS');

/** One row of the per-scale table: a case with every measurement of it. */
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

/** The table rows of one scale; `ok` judges widget p95 (in-process) and the DuckDB ratio. */
export function tableRows(result: ScaleResult): TableRow[] {
  return result.inProcess.cases.map((c) => {
    const spec = BENCH_CASES.find((b) => b.label === c.label);
    const http = result.http.cases.find((h) => h.label === c.label);
    const duck = result.duckdb?.cases.find((d) => d.label === c.label);
    const faster = duck && duck.n > 0 && c.p50 > 0 ? duck.p50 / c.p50 : undefined;
    const widget = spec?.widget ?? false;
    const p95ok = c.p95 <= TARGETS.widgetP95Ms;
    const duckOk = faster === undefined ? null : faster >= TARGETS.fasterThanDuckDb;
    return {
      label: c.label,
      p50: c.p50,
      p95: c.p95,
      raw: `${c.offloaded}/${c.n + 1}`,
      httpP50: http?.p50,
      httpP95: http?.p95,
      duckP50: duck?.p50,
      faster,
      target: widget ? `p95≤${TARGETS.widgetP95Ms}, ≥${TARGETS.fasterThanDuckDb}×` : 'report only',
      ok: widget ? p95ok && duckOk !== false : null,
    };
  });
}

/** Prints the per-scale table and the batch/rollup/event-loop lines to stdout. */
export function printScaleTable(result: ScaleResult): void {
  const rows = tableRows(result);
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
  const body = rows.map((r) => [
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
  const h = result.http;
  const first = Math.max(...h.overviewBatchFirstAfterRestart.map((f) => f.firstMs));
  const restarts = h.overviewBatchFirstAfterRestart;
  const restart = Math.max(...restarts.map((f) => f.restartMs));
  const fromSnapshot = restarts.every((f) => f.factsFrom === 'snapshot');
  const snap = result.snapshot;
  const eld = Math.max(
    h.eventLoopMaxMs.cases,
    h.eventLoopMaxMs.overviewBatch,
    result.inProcess.eventLoopMaxMs,
  );
  const extra: string[][] = [
    [
      'overview batch (warm)',
      fmt(h.overviewBatchWarm.p50),
      fmt(h.overviewBatchWarm.p95),
      '',
      '',
      '',
      '',
      '',
      `p95≤${TARGETS.overviewBatchWarmP95Ms}`,
      yes(h.overviewBatchWarm.p95 <= TARGETS.overviewBatchWarmP95Ms),
    ],
    [
      'overview batch, 1st after restart (max)',
      fmt(first),
      '',
      '',
      '',
      '',
      '',
      '',
      `≤${TARGETS.overviewBatchFirstAfterRestartMs}`,
      yes(first <= TARGETS.overviewBatchFirstAfterRestartMs),
    ],
    [
      `restart to 1st overview (max; facts from ${fromSnapshot ? 'snapshot' : 'TABLES'})`,
      fmt(restart, 0),
      '',
      '',
      '',
      '',
      '',
      '',
      `≤${TARGETS.restartToFirstOverviewMs}`,
      yes(fromSnapshot && restart <= TARGETS.restartToFirstOverviewMs),
    ],
    [
      '  of which workers started + facts (max)',
      fmt(Math.max(...restarts.map((f) => f.factsMs)), 0),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    [
      '  of which the snapshot read (max)',
      fmt(Math.max(...restarts.map((f) => f.factsLoadMs ?? Number.NaN)), 0),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    [
      `facts snapshot write / read p50 (${(snap.bytes / 2 ** 20).toFixed(0)} MB)`,
      fmt(snap.writeMs, 0),
      fmt(snap.readMs, 0),
      '',
      '',
      '',
      '',
      '',
      `tables: ${fmt(snap.loadFromTablesMs / 1000)} s`,
      '',
    ],
    [
      'longest block while reading the snapshot (ms)',
      fmt(snap.readEventLoopMaxMs),
      '',
      '',
      '',
      '',
      '',
      '',
      `≤${TARGETS.eventLoopBlockMs}`,
      yes(snap.readEventLoopMaxMs <= TARGETS.eventLoopBlockMs),
    ],
    [
      'rollup rebuild (s)',
      fmt(result.dataset.rollupSeconds),
      '',
      '',
      '',
      '',
      '',
      '',
      `≤${TARGETS.rollupRebuildSeconds}`,
      yes(result.dataset.rollupSeconds <= TARGETS.rollupRebuildSeconds),
    ],
    [
      'longest event-loop block (ms)',
      fmt(eld),
      '',
      '',
      '',
      '',
      '',
      '',
      `≤${TARGETS.eventLoopBlockMs}`,
      yes(eld <= TARGETS.eventLoopBlockMs),
    ],
    ['server RSS (MB)', String(h.rssMb), '', '', '', '', '', '', '', ''],
  ];
  const all = [header, ...body, ...extra];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
  console.log(
    `\n${result.scale} — ms unless stated; load average at start ${result.loadAverageAtStart.join(' ')}; raw = calls answered from raw tables (offloaded)`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of [...body, ...extra]) console.log(line(r));
  if (result.duckdb)
    console.log(
      `DuckDB: tables copied from SQLite in ${result.duckdb.loadSeconds} s (not counted), ${result.duckdb.iterations} filter sets per question`,
    );
}
