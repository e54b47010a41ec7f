import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { rebuildRollups, rollupsAreFresh } from '../server/engine/rollups/rollups.ts';
import { batchGet, startServer, type BatchCall } from './http.ts';
import { percentile, since } from './stats.ts';

/**
 * `npx tsx bench/dialects.ts --sqlite FILE --pg URL [--runs 7]`: the same questions over HTTP to
 * a server on SQLite and one on PostgreSQL holding the same dataset, each once to warm up and then
 * `runs` times; prints the medians side by side. The servers' workers load the facts first.
 */

const QUESTIONS: { label: string; call: BatchCall }[] = [
  {
    label: 'summary (no filters)',
    call: { path: 'stats.summary', input: { filters: EMPTY_FILTERS } },
  },
  {
    label: 'breakdown by size, one sector',
    call: {
      path: 'stats.breakdown',
      input: { filters: { ...EMPTY_FILTERS, sector: ['METL'] }, by: 'size' },
    },
  },
  {
    label: 'breakdown by cluster',
    call: { path: 'stats.breakdown', input: { filters: EMPTY_FILTERS, by: 'cluster' } },
  },
  {
    label: 'breakdown by park',
    call: { path: 'stats.breakdown', input: { filters: EMPTY_FILTERS, by: 'park' } },
  },
  {
    label: 'breakdown by province, two headings',
    call: {
      path: 'stats.breakdown',
      input: { filters: { ...EMPTY_FILTERS, heading: ['FIN-01', 'MKT-01'] }, by: 'province' },
    },
  },
  {
    label: 'unit drill, one province',
    call: {
      path: 'stats.drill',
      input: { filters: { ...EMPTY_FILTERS, province: ['IR-10'] }, level: 'unit', pageSize: 50 },
    },
  },
  {
    label: 'timeseries by month, small units',
    call: {
      path: 'stats.timeseries',
      input: { filters: { ...EMPTY_FILTERS, size: ['small'] }, grain: 'month' },
    },
  },
  { label: 'impact', call: { path: 'stats.impact', input: { filters: EMPTY_FILTERS } } },
];

const { values } = parseArgs({
  options: {
    sqlite: { type: 'string' },
    pg: { type: 'string' },
    runs: { type: 'string', default: '7' },
  },
});
if (!values.sqlite || !values.pg) {
  console.error('usage: tsx bench/dialects.ts --sqlite FILE --pg postgres://… [--runs 7]');
  process.exit(2);
}
const runs = Number(values.runs);

async function measure(location: string): Promise<Map<string, number>> {
  const db = openDatabase(location);
  if (!(await rollupsAreFresh(db))) await rebuildRollups(db);
  await db.destroy();
  const server = await startServer(location);
  const medians = new Map<string, number>();
  try {
    const warm = await server.warm();
    console.error(`  ${location}: workers loaded the facts in ${Math.round(warm.ms)} ms`);
    for (const q of QUESTIONS) {
      await batchGet(server, [q.call]);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await batchGet(server, [q.call]);
        times.push(since(t0));
      }
      medians.set(q.label, percentile(times, 0.5));
    }
  } finally {
    await server.stop();
  }
  return medians;
}

console.error(
  `load average at start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const sqlite = await measure(values.sqlite);
const pg = await measure(values.pg);
console.log(`| question | SQLite p50 ms | PostgreSQL p50 ms | PG / SQLite |`);
console.log(`|---|---:|---:|---:|`);
for (const q of QUESTIONS) {
  const a = sqlite.get(q.label) ?? Number.NaN;
  const b = pg.get(q.label) ?? Number.NaN;
  console.log(`| ${q.label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}× |`);
}
console.log(
  `load average at end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
