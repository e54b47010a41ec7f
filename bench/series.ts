import { loadavg } from 'node:os';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { resolveFilters } from '../server/engine/filters/resolve-filters.ts';
import { memoryGrantRows } from '../server/engine/memory/memory-aggregate.ts';
import { seriesRows } from '../server/engine/memory/series-pass.ts';
import { describePlan, observePlans, type QueryPlan } from '../server/engine/planner/query-plan.ts';
import { getTimeseries } from '../server/queries/timeseries.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// The quarterly and monthly series over the bench's filter sets (seed 1403, as `npm run bench`),
// with the facts loaded from the snapshot: CPU of the grant read alone by the generic grant pass
// (memoryGrantRows) and by the planned series path (seriesRows; both answers compared), and of
// the whole question through the planner, medians of RUNS, alternating.
// `npx tsx bench/series.ts FILE [SETS]` (the snapshot is FILE-facts). GRAIN=quarter|month.
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/series.ts FILE [SETS]');
const nSets = Number(process.argv[3] ?? 20);
const runs = Number(process.env.RUNS ?? 5);
const grains = (process.env.GRAIN ?? 'quarter,month').split(',') as ('quarter' | 'month')[];
const { db, facts } = await openWithFacts(file);
const sets = filterSets(1403, await universeOf(db), nSets);

const cpuOf = async (f: () => unknown): Promise<number> => {
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0;

console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (const grain of grains) {
  const dims = ['year', grain] as const;
  const old: number[] = [];
  const fresh: number[] = [];
  const whole: number[] = [];
  for (const [i, filters] of sets.entries()) {
    const rf = await resolveFilters(db, ALL_SCOPE, filters);
    const plans: QueryPlan[] = [];
    const stop = observePlans((p) => plans.push(p));
    await getTimeseries(db, ALL_SCOPE, filters, grain);
    stop();
    const path = plans[0]?.reads[0]?.series ?? 'units';
    const same = (rows: Record<string, unknown>[]) =>
      rows
        .map(
          (r) =>
            `${String(r.k0)},${String(r.k1)},${String(r.grants)},${String(r.amount)},${String(r.supported)}`,
        )
        .sort()
        .join(';');
    if (same(memoryGrantRows(facts, rf, dims, true)) !== same(seriesRows(facts, rf, grain, path))) {
      throw new Error(`set #${i}: the series path differs from the grant pass`);
    }
    const a: number[] = [];
    const n: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < runs; r++) {
      a.push(await cpuOf(() => memoryGrantRows(facts, rf, dims, true)));
      n.push(await cpuOf(() => seriesRows(facts, rf, grain, path)));
      b.push(await cpuOf(() => getTimeseries(db, ALL_SCOPE, filters, grain)));
    }
    old.push(median(a));
    fresh.push(median(n));
    whole.push(median(b));
    const f = Object.entries(filters)
      .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined))
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    console.log(
      `${grain} #${i} grant pass ${median(a).toFixed(1)} series ${median(n).toFixed(2)} question ${median(b).toFixed(2)} ms | ${f} | ${plans[0] ? describePlan(plans[0]) : ''}`,
    );
  }
  console.log(
    `${grain}: grant pass p50/p95 ${pct(old, 0.5).toFixed(1)}/${pct(old, 0.95).toFixed(1)} ms, series ${pct(fresh, 0.5).toFixed(2)}/${pct(fresh, 0.95).toFixed(2)}, question ${pct(whole, 0.5).toFixed(2)}/${pct(whole, 0.95).toFixed(2)} ms`,
  );
}
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await db.destroy();
