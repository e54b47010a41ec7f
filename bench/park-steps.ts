import { loadavg } from 'node:os';
import type { Filters } from '../server/domain/filters.ts';
import { METRICS } from '../server/domain/metrics.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getGroupedMetrics } from '../server/engine/execute/grouped-metrics.ts';
import { compareGroupedRows, needsOf } from '../server/engine/execute/metric-values.ts';
import { resolveFilters } from '../server/engine/filters/resolve-filters.ts';
import {
  ALL_FACTS,
  describePlan,
  planContextOf,
  planQuery,
} from '../server/engine/planner/query-plan.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { nameKeys } from '../server/queries/names.ts';
import { metricsFor } from '../server/queries/summary.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// The breakdown by park (or cluster: `--by cluster`) of the bench's 20 filter sets, inline with
// the facts from the snapshot, step by step: the grouped read, the totals read, the sort, the
// names, and the whole getBreakdown; CPU medians of R runs per set (the whole's wall too).
// `npx tsx bench/park-steps.ts FILE|URL [--by park] [--runs 5] [--snapshot-dir DIR] [--wall]`
const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: npx tsx bench/park-steps.ts FILE [--by park] [--runs 5]');
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : (args[i + 1] ?? fallback);
};
const by = opt('by', 'park') as 'park' | 'cluster';
const runs = Number(opt('runs', '5'));
// A PostgreSQL URL's snapshot: `--snapshot-dir` (the bench's data directory).
const { db } = await openWithFacts(file, {
  readonly: true,
  snapshotDir: opt('snapshot-dir', 'data'),
});
const sets = filterSets(1403, await universeOf(db), 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
console.log(`load at start ${load()}`);

async function steps(f: Filters): Promise<number[]> {
  const t: number[] = [];
  // CPU, not wall: on a shared machine the wall time is mostly the scheduler's.
  // `--wall`: wall time instead (PostgreSQL's reads wait on its server, not on this CPU).
  const cpuNow = () => {
    if (args.includes('--wall')) return performance.now();
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let t0 = cpuNow();
  const mark = () => {
    const now = cpuNow();
    t.push(now - t0);
    t0 = now;
  };
  const rf = await resolveFilters(db, ALL_SCOPE, f);
  const needs = needsOf([...METRICS]);
  const plan = planQuery(
    {
      query: 'breakdown',
      reads: [
        { rf, dims: [by], needs },
        { rf, dims: [], needs: ALL_FACTS },
      ],
      others: { rf, dims: [by], limit: 50, supported: true },
    },
    await planContextOf(db, {}),
  );
  mark();
  const [read, totalRead] = plan.reads;
  if (!read || !totalRead) throw new Error('no reads');
  const grouped = await getGroupedMetrics(db, rf, read);
  mark();
  await metricsFor(db, rf, totalRead);
  mark();
  const cmp = compareGroupedRows('units', 'desc');
  const valued = [...grouped].sort(cmp);
  let end = Math.min(50, valued.length);
  while (end > 0 && end < valued.length && cmp(valued[end - 1]!, valued[end]!) === 0) end++;
  mark();
  await nameKeys(
    db,
    by,
    valued.slice(0, end).map((g) => g.ids[0] ?? 0),
  );
  mark();
  t.push(grouped.length, end);
  return t;
}

const labels = ['resolve+plan', 'grouped', 'total', 'sort', 'names', 'groups', 'kept'];
const whole: number[] = [];
const wholeCpu: number[] = [];
for (const [i, f] of sets.entries()) {
  const rf = await resolveFilters(db, ALL_SCOPE, f);
  const plan = planQuery(
    {
      query: 'breakdown',
      reads: [
        { rf, dims: [by], needs: needsOf([...METRICS]) },
        { rf, dims: [], needs: ALL_FACTS },
      ],
      others: { rf, dims: [by], limit: 50, supported: true },
    },
    await planContextOf(db, {}),
  );
  await getBreakdown(db, ALL_SCOPE, f, { by });
  const per: number[][] = [];
  const w: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < runs; r++) {
    per.push(await steps(f));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await getBreakdown(db, ALL_SCOPE, f, { by });
    w.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    c.push((cu.user + cu.system) / 1000);
  }
  whole.push(median(w));
  wholeCpu.push(median(c));
  const lists = Object.entries(f)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `${k}:${(v as unknown[]).length}`);
  const cols = labels.map((l, j) => `${l} ${median(per.map((p) => p[j] ?? 0)).toFixed(1)}`);
  console.log(
    `${String(i).padStart(2)} whole ${median(w).toFixed(1)} cpu ${median(c).toFixed(1)} | ${cols.join(' ')} | ${f.from ?? ''}-${f.to ?? ''} ${lists.join(' ')}`,
  );
  if (args.includes('--plans')) console.log(`   ${describePlan(plan)}`);
}
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;
console.log(
  `whole wall p50 ${median(whole).toFixed(1)} p95 ${p95(whole).toFixed(1)}; cpu p50 ${median(wholeCpu).toFixed(1)} p95 ${p95(wholeCpu).toFixed(1)}; load ${load()}`,
);
await db.destroy();
