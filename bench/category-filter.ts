import { loadavg } from 'node:os';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { CATEGORY_CODES } from '../server/domain/reference.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { getSummary } from '../server/queries/summary.ts';
import { openWithFacts } from './facts-of.ts';

// Questions filtered by whole categories (no heading), inline with the facts loaded from the
// snapshot as a query worker holds them: plans and median CPU of RUNS (default 7).
// `npx tsx bench/category-filter.ts FILE` (the snapshot is FILE-facts).
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/category-filter.ts FILE');
const { db } = await openWithFacts(file, { readonly: true });
const one: Filters = { ...EMPTY_FILTERS, category: CATEGORY_CODES.slice(0, 1) };
const two: Filters = { ...EMPTY_FILTERS, category: CATEGORY_CODES.slice(1, 3) };
const cases: [string, () => Promise<unknown>][] = [
  ['summary, 1 category', () => getSummary(db, ALL_SCOPE, one)],
  ['summary, 2 categories', () => getSummary(db, ALL_SCOPE, two)],
  [
    'by province, 1 category',
    () =>
      getBreakdown(db, ALL_SCOPE, one, {
        by: 'province',
        metrics: ['grants', 'amount', 'supportedUnits'],
      }),
  ],
  [
    'by sector, 2 categories',
    () => getBreakdown(db, ALL_SCOPE, two, { by: 'sector', metrics: ['grants', 'amount'] }),
  ],
];
for (const [label, run] of cases) {
  const plans: string[] = [];
  const stop = observePlans((p) => plans.push(describePlan(p)));
  const first = JSON.stringify(await run());
  stop();
  const cpu: number[] = [];
  for (let i = 0; i < Number(process.env.RUNS ?? 7); i++) {
    const c0 = process.cpuUsage();
    await run();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  const load = loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
  console.log(
    `${label}: median ${cpu[cpu.length >> 1]?.toFixed(1)} ms CPU (${cpu.map((v) => v.toFixed(0)).join(' ')}); load ${load}; hash ${hash(first)}`,
  );
  for (const p of new Set(plans)) console.log(`  ${p}`);
}
function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
await db.destroy();
