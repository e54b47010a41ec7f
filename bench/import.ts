// Import throughput: `npx tsx bench/import.ts [--rows 10000000] [--units 200000] [--http]`.
// Generates (once, deterministically) a units CSV and a grants CSV in bench/data/import/,
// imports the units into a fresh SQLite database, then times the grants import end to end
// (read, validate, upsert, rebuild indexes and rollups, commit) and reports rows per second of
// wall time and of CPU time (the machine is shared) and the peak resident memory. With --http the
// grants go through the real server (POST /api/import as an administrator), which also reports
// its longest event-loop stall while the import ran.
import { createWriteStream, existsSync, mkdirSync, openAsBlob, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { loadReferenceData } from '../server/db/reference-data.ts';
import { HEADING_CODES, PROVINCE_CODES, SECTOR_CODES } from '../server/domain/reference.ts';
import { runImport, type ImportProgress } from '../server/import/run-import.ts';
import { BENCH_ADMIN } from './bench-user.ts';
import { startServer } from './http.ts';

const DIR = join(process.cwd(), 'bench', 'data', 'import');

/** A small deterministic generator (mulberry32): the same files on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeCsv(path: string, header: string, rows: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    buf += line(i);
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((resolve) => out.end(resolve));
}

async function generate(
  units: number,
  grants: number,
): Promise<{ unitsCsv: string; grantsCsv: string }> {
  mkdirSync(DIR, { recursive: true });
  const unitsCsv = join(DIR, `units-${units}.csv`);
  const grantsCsv = join(DIR, `grants-${grants}-${units}.csv`);
  if (!existsSync(unitsCsv)) {
    const r = rng(1);
    await writeCsv(
      unitsCsv,
      'code,name_fa,province,sector,status,exporter,licence_year',
      units,
      (i) => {
        const p = PROVINCE_CODES[Math.floor(r() * PROVINCE_CODES.length)] ?? 'IR-23';
        const s = SECTOR_CODES[Math.floor(r() * SECTOR_CODES.length)] ?? 'FOOD';
        return `U-${i},واحد ${i},${p},${s},active,${r() < 0.1 ? 1 : 0},${1370 + Math.floor(r() * 30)}\n`;
      },
    );
  }
  if (!existsSync(grantsCsv)) {
    const r = rng(2);
    await writeCsv(
      grantsCsv,
      'code,unit,heading,status,applied_on,disbursed_on,requested_amount,approved_amount,disbursed_amount',
      grants,
      (i) => {
        const h = HEADING_CODES[Math.floor(r() * HEADING_CODES.length)] ?? 'FIN-01';
        const y = 1396 + Math.floor(r() * 7);
        const m = 1 + Math.floor(r() * 11);
        const d = 1 + Math.floor(r() * 28);
        const requested = 1_000_000 * (1 + Math.floor(r() * 50_000));
        const approved = Math.floor(requested * 0.8);
        const date = `${y}/${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}`;
        const later = `${y}/${String(m + 1).padStart(2, '0')}/${String(d).padStart(2, '0')}`;
        return r() < 0.7
          ? `G-${i},U-${i % units},${h},disbursed,${date},${later},${requested},${approved},${approved}\n`
          : `G-${i},U-${i % units},${h},applied,${date},,${requested},,\n`;
      },
    );
  }
  return { unitsCsv, grantsCsv };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '10000000' },
      units: { type: 'string', default: '200000' },
      http: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const units = Number(values.units);
  const t0 = performance.now();
  const files = await generate(units, rows);
  process.stderr.write(`files ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const dbPath = join(DIR, 'bench.db');
  for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
  const db = openDatabase(dbPath);
  await migrateToLatest(db);
  await loadReferenceData(db);
  await db.destroy();

  const unitsReport = await runImport({
    url: dbPath,
    files: [{ path: files.unitsCsv, name: 'units.csv' }],
  });
  if (unitsReport.outcome !== 'ok') throw new Error(`units import ${unitsReport.outcome}`);

  if (values.http) {
    await overHttp(dbPath, files.grantsCsv, rows, units);
    return;
  }

  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  let rowsDoneAt = 0;
  let peakRssRows = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const report = await runImport({
    url: dbPath,
    files: [{ path: files.grantsCsv, name: 'grants.csv' }],
    onProgress: (p: ImportProgress) => {
      if (p.phase === 'rollups' && rowsDoneAt === 0) {
        rowsDoneAt = performance.now();
        peakRssRows = peakRss;
      }
      if (p.phase === 'rows')
        process.stderr.write(`\r${(p.fraction * 100).toFixed(0)}% ${p.rows} rows`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stderr.write('\n');
  if (report.outcome !== 'ok')
    throw new Error(`grants import ${report.outcome}: ${report.failure ?? ''}`);

  const rowSeconds = ((rowsDoneAt || performance.now()) - started) / 1000;
  const result = {
    rows,
    units,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    rowsPerSecondBeforeRollups: Math.round(rows / rowSeconds),
    rowsPerCpuSecond: Math.round(rows / ((cpu.user + cpu.system) / 1e6)),
    peakRssMiBRowPhase: Math.round(peakRssRows / 2 ** 20),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    loadAverage: loadavg()[0]?.toFixed(1),
  };
  console.table([result]);
  console.log(JSON.stringify({ import: result }));
}

/** The grants import through the real server: time, the server's RSS and event-loop stalls. */
async function overHttp(db: string, grantsCsv: string, rows: number, units: number): Promise<void> {
  const server = await startServer(db, BENCH_ADMIN);
  try {
    server.resetEventLoop();
    const started = performance.now();
    const response = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: {
        Cookie: server.cookie,
        'x-csrf-token': server.csrfToken,
        'X-File-Name': 'grants.csv',
        Accept: 'application/x-ndjson',
      },
      body: await openAsBlob(grantsCsv),
    });
    const text = await response.text();
    const seconds = (performance.now() - started) / 1000;
    const last = JSON.parse(text.trim().split('\n').pop() ?? '{}') as {
      report?: { outcome: string; failure: string | null };
    };
    if (!response.ok || last.report?.outcome !== 'ok')
      throw new Error(
        `HTTP import: ${response.status} ${last.report?.failure ?? text.slice(0, 300)}`,
      );
    const stats = await server.stats();
    const result = {
      rows,
      units,
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      serverPeakRssMiB: stats.peakSinceResetMb,
      eventLoopMaxMs: stats.eventLoopMaxMs,
      loadAverage: loadavg()[0]?.toFixed(1),
    };
    console.table([result]);
    console.log(JSON.stringify({ importHttp: result }));
  } finally {
    await server.stop();
  }
}

await main();
