import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lines, tableRows, dialectRatios, TARGETS } from './report.ts';
import type { DialectResult, ScaleResult } from './run.ts';

// `npx tsx bench/markdown.ts bench/results.json [--scale large]`: one scale of a results file as
// the markdown tables issue #15's closing note carries — every case on both dialects against its
// target, then every line (Overview, restart, event loop, rebuild, RSS), with the load averages.

const fmt = (v: number | undefined | null, digits = 1) =>
  v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits);
const mark = (ok: boolean | null | undefined) =>
  ok === null || ok === undefined ? '' : ok ? 'ok' : '**MISS**';

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function loadOf(r: DialectResult): string {
  return `${r.loadAverageAtStart.join(' ')} (${r.startedAt.slice(11, 16)}–${r.finishedAt.slice(11, 16)} UTC)`;
}

/** The markdown of one scale: the cases of both dialects side by side, then the lines. */
export function scaleMarkdown(result: ScaleResult): string {
  const { sqlite, postgres, duckdb } = result;
  const lite = tableRows(sqlite, duckdb);
  const pg = postgres ? tableRows(postgres, duckdb) : [];
  const ratios = postgres ? dialectRatios(sqlite, postgres) : [];
  const pair = (a: number | undefined, b: number | undefined) => `${fmt(a)} / ${fmt(b)}`;
  // A case's longest event-loop block: the bench process's or the server's, whichever is longer.
  const loopMax = (r: DialectResult | null, label: string) => {
    const blocks = [
      r?.inProcess.cases.find((c) => c.label === label)?.eventLoopMaxMs,
      r?.http.cases.find((c) => c.label === label)?.eventLoopMaxMs,
    ].filter((v): v is number => v !== undefined);
    return blocks.length ? Math.max(...blocks) : undefined;
  };
  const caseRows = lite.map((l) => {
    const p = pg.find((r) => r.label === l.label);
    const r = ratios.find((x) => x.label === l.label);
    return [
      `\`${l.label}\``,
      pair(l.p95, l.httpP95),
      p ? pair(p.p95, p.httpP95) : '—',
      fmt(l.duckP50),
      `${fmt(l.faster)}× / ${fmt(p?.faster)}×`,
      r?.worst === undefined ? '—' : `${fmt(r.worst, 2)}×`,
      `${fmt(loopMax(sqlite, l.label), 0)} / ${fmt(loopMax(postgres, l.label), 0)}`,
      l.target,
      `${mark(l.ok) || '—'} / ${mark(p?.ok) || '—'}${r ? ` / ${mark(r.ok)}` : ''}`,
    ];
  });
  const pgLines = postgres ? lines(postgres) : [];
  const lineRows = lines(sqlite).map((l, i) => {
    const p = pgLines[i];
    const show = (x: typeof l | undefined) =>
      x === undefined
        ? '—'
        : `${fmt(x.value, x.digits)}${x.second === undefined ? '' : ` / ${fmt(x.second, x.digits)}`}`;
    return [
      l.label,
      show(l),
      show(p),
      l.target ?? '',
      `${mark(l.ok) || '—'} / ${mark(p?.ok) || '—'}`,
    ];
  });
  const out = [
    `### \`${result.scale}\`: ${result.iterations} filter sets; load average (1/5/15 min) at start — SQLite ${loadOf(sqlite)}${postgres ? `, PostgreSQL ${loadOf(postgres)}` : ''}`,
    '',
    `Cases: p95 in-process / over HTTP (ms); DuckDB p50 over the same raw SQL${duckdb ? ` (${duckdb.iterations} sets, tables copied in ${duckdb.loadSeconds} s)` : ' (not run)'}; × faster = DuckDB p50 ÷ our p50 (SQLite / PG); PG÷SQLite = the worst of the four ratios (target ≤ ${TARGETS.postgresVsSqlite}×); loop max = the case's longest event-loop block, bench process or server (ms, SQLite / PG; target ≤ ${TARGETS.eventLoopBlockMs}); ok = SQLite / PostgreSQL / PG÷SQLite.`,
    '',
    table(
      [
        'case',
        'SQLite p95',
        'PostgreSQL p95',
        'DuckDB p50',
        '× faster',
        'PG÷SQLite',
        'loop max',
        'target',
        'ok',
      ],
      caseRows,
    ),
    '',
    table(['figure', 'SQLite', 'PostgreSQL', 'target', 'ok'], lineRows),
  ];
  return out.join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { scale: { type: 'string', default: 'large' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: npx tsx bench/markdown.ts RESULTS.json [--scale large]');
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    partial?: boolean;
    scales: Record<string, ScaleResult | undefined>;
  };
  const scale = results.scales[values.scale];
  if (!scale) throw new Error(`${file} has no ${values.scale} scale`);
  if (results.partial) console.log('_(partial run: the results written so far)_\n');
  console.log(scaleMarkdown(scale));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
