import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/db/connect.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { prepareExport } from '../server/export/export-file.ts';
import { parseExportRequest } from '../server/export/request.ts';
import { BENCH_EXPORTER } from './bench-user.ts';
import { startServer } from './http.ts';

/**
 * Export benchmark (issue #5): time and peak RSS of streaming the raw lists out of a `large`
 * database (10M grants). Each case runs in its own Node process so its peak RSS is its own.
 *
 *   npx tsx bench/export.ts [--db bench/data/large.db] [--http [--only REGEX]]
 *
 * `--http` measures over HTTP instead: a fresh server process per case (bench/serve.ts, signed in
 * as a manager), the file downloaded by fetch, the server's peak RSS (worker threads included)
 * and longest event-loop stall. It writes to the database (migrations, the bench users, the
 * audit log): point it at a copy, never at a dataset another process serves.
 *
 * The server first loads the facts into its query workers, as a serving process does, and the
 * export's memory is reported above that resting RSS.
 *
 * Targets: a full grants CSV in ≤ 30 s and ≤ 300 MB (the export's own memory).
 */

export interface ExportBenchCase {
  name: string;
  file: string;
  query: string;
  /** Targets the issue sets (only for the full grants list). */
  targetSeconds?: number;
  targetRssMb?: number;
}

export interface ExportBenchResult extends ExportBenchCase {
  rows: number;
  megabytes: number;
  seconds: number;
  peakRssMb: number;
  /**
   * Over HTTP: the server's RSS once its query workers hold the facts, before the download; the
   * export's own cost is peakRssMb minus this.
   */
  baselineRssMb?: number;
  /** Over HTTP: the server's longest event-loop delay during the download. */
  eventLoopMaxMs?: number;
  /** The 1-minute load average when the case finished (the machine is shared). */
  load1?: number;
  /** Over HTTP: the file's SHA-256 (an engine change must leave it unchanged). */
  sha256?: string;
}

/** Over HTTP: each case against a fresh server, downloaded as a client would. */
export async function runExportBenchHttp(
  db: string,
  only: RegExp | null = null,
): Promise<ExportBenchResult[]> {
  const results: ExportBenchResult[] = [];
  for (const c of EXPORT_CASES.filter((x) => only === null || only.test(x.name))) {
    const server = await startServer(db, BENCH_EXPORTER);
    try {
      // A serving process holds the facts in its query workers; load them first, so the export
      // is timed on a settled server and its memory is measured above that baseline.
      await server.warm();
      const baseline = await server.stats();
      server.resetEventLoop();
      const started = performance.now();
      const response = await fetch(`${server.url}/api/export/${c.file}?${c.query}`, {
        headers: { Cookie: server.cookie },
      });
      if (!response.ok || !response.body) throw new Error(`${c.name}: HTTP ${response.status}`);
      let bytes = 0;
      let lines = 0;
      const hash = createHash('sha256');
      const reader = response.body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        bytes += chunk.length;
        hash.update(chunk);
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      }
      const seconds = (performance.now() - started) / 1000;
      const stats = await server.stats();
      results.push({
        ...c,
        rows: c.file.endsWith('.csv') ? lines - 1 : -1,
        megabytes: bytes / 1048576,
        seconds,
        peakRssMb: stats.peakSinceResetMb,
        baselineRssMb: baseline.rssMb,
        eventLoopMaxMs: stats.eventLoopMaxMs,
        load1: Math.round((loadavg()[0] ?? 0) * 10) / 10,
        sha256: hash.digest('hex'),
      });
    } finally {
      await server.stop();
    }
  }
  return results;
}

export const EXPORT_CASES: ExportBenchCase[] = [
  {
    name: 'grants, all, CSV',
    file: 'grants.csv',
    query: '',
    targetSeconds: 30,
    targetRssMb: 300,
  },
  { name: 'units, all, CSV', file: 'units.csv', query: '' },
  { name: 'grants, one province, XLSX', file: 'grants.xlsx', query: 'province=IR-07' },
  // The drill's whole list (a million units at `large`), read from the query workers in slices.
  { name: 'drill units by amount, CSV', file: 'drill.csv', query: 'level=unit&sort=amount' },
  { name: 'drill units by name, CSV', file: 'drill.csv', query: 'level=unit&sort=name' },
  {
    name: 'drill units, one province, XLSX',
    file: 'drill.xlsx',
    query: 'level=unit&sort=amount&province=IR-07',
  },
];

export const DEFAULT_BENCH_DB = 'bench/data/large.db';

/** A sink that counts bytes and CSV lines (no disk in the measurement). */
function countingSink(): Writable & { bytes: number; lines: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) sink.lines++;
      callback();
    },
  }) as Writable & { bytes: number; lines: number };
  sink.bytes = 0;
  sink.lines = 0;
  return sink;
}

/** Runs one case in this process and reports it (the child side). */
async function runCase(db: string, c: ExportBenchCase): Promise<ExportBenchResult> {
  const kysely = openDatabase(db, { readonly: true });
  try {
    const started = performance.now();
    const request = parseExportRequest(c.file, new URLSearchParams(c.query));
    const prepared = await prepareExport(kysely, ALL_SCOPE, request);
    const sink = countingSink();
    await prepared.write(sink);
    const seconds = (performance.now() - started) / 1000;
    return {
      ...c,
      // CSV: lines minus the header; XLSX is compressed, so rows are not countable here.
      rows: c.file.endsWith('.csv') ? sink.lines - 1 : -1,
      megabytes: sink.bytes / 1048576,
      seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await kysely.destroy();
  }
}

/** Runs every case, each in a fresh process, and returns the measurements. */
export function runExportBench(db = DEFAULT_BENCH_DB): ExportBenchResult[] {
  const self = fileURLToPath(import.meta.url);
  return EXPORT_CASES.map((c) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', self, '--child', c.name, '--db', db],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`bench case "${c.name}" failed:\n${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as ExportBenchResult;
  });
}

/** One line per case, with the target verdict. */
export function formatExportBench(results: ExportBenchResult[]): string {
  const rows = results.map((r) => {
    const ok =
      r.targetSeconds === undefined
        ? ''
        : r.seconds <= r.targetSeconds &&
            r.peakRssMb - (r.baselineRssMb ?? 0) <= (r.targetRssMb ?? Infinity)
          ? ' ✓ target'
          : ' ✗ target';
    const extra =
      r.eventLoopMaxMs === undefined
        ? ''
        : `  (server at rest ${r.baselineRssMb ?? '?'} MB)  event loop ≤ ${r.eventLoopMaxMs.toFixed(0)} ms  load ${r.load1 ?? '?'}  sha256 ${r.sha256?.slice(0, 12) ?? '?'}`;
    return `${r.name.padEnd(30)} ${String(r.rows >= 0 ? r.rows.toLocaleString('en-US') : '—').padStart(12)} rows ${r.megabytes.toFixed(0).padStart(6)} MB ${r.seconds.toFixed(1).padStart(7)} s ${r.peakRssMb.toFixed(0).padStart(6)} MB peak RSS${ok}${extra}`;
  });
  return ['export benchmark', ...rows].join('\n');
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const db = argValue('--db') ?? DEFAULT_BENCH_DB;
  const childCase = argValue('--child');
  if (childCase !== undefined) {
    const c = EXPORT_CASES.find((x) => x.name === childCase);
    if (!c) throw new Error(`unknown case ${childCase}`);
    process.stdout.write(`${JSON.stringify(await runCase(db, c))}\n`);
  } else if (!existsSync(db)) {
    process.stderr.write(
      `bench/export: ${db} does not exist; create it with\n  npm run seed -- --scale large --db ${db}\n`,
    );
    process.exitCode = 2;
  } else if (process.argv.includes('--http')) {
    const only = argValue('--only');
    const results = await runExportBenchHttp(db, only === undefined ? null : new RegExp(only));
    process.stdout.write(`${formatExportBench(results)}\n`);
  } else {
    process.stdout.write(`${formatExportBench(runExportBench(db))}\n`);
  }
}
