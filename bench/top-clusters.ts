import { loadavg } from 'node:os';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { openWithFacts } from './facts-of.ts';

// The Overview's top clusters inline with the facts loaded from the snapshot: median CPU of 7.
// `npx tsx bench/top-clusters.ts FILE` (the snapshot is FILE-facts).
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/top-clusters.ts FILE');
const { db } = await openWithFacts(file);
const input = {
  by: 'cluster' as const,
  metrics: ['units' as const, 'employment' as const, 'supportedUnits' as const],
  sort: 'units' as const,
  limit: 10,
};
const plans: string[] = [];
const stop = observePlans((p) => plans.push(describePlan(p)));
const first = await getBreakdown(db, ALL_SCOPE, { ...EMPTY_FILTERS }, input);
stop();
console.log(plans.join('\n'));
const cpu: number[] = [];
for (let i = 0; i < Number(process.env.RUNS ?? 7); i++) {
  const c0 = process.cpuUsage();
  await getBreakdown(db, ALL_SCOPE, { ...EMPTY_FILTERS }, input);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
}
cpu.sort((a, b) => a - b);
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  `cpu ms ${cpu.map((v) => v.toFixed(1)).join(' ')}; median ${cpu[cpu.length >> 1]?.toFixed(1)}`,
);
console.log(JSON.stringify(first).slice(0, 300));
console.log(JSON.stringify(first).length, hash(JSON.stringify(first)));
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
await db.destroy();
