import { loadavg } from 'node:os';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { memoryFactsOf } from '../server/engine/facts/memory-facts.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { openWithFacts } from './facts-of.ts';

// Unfiltered by park and by cluster (units, employment, supported units) with the facts from the
// snapshot: median CPU of 7 each, and the group cells' build. `npx tsx bench/group-cells.ts FILE`.
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/group-cells.ts FILE');
const { db } = await openWithFacts(file);
const m = memoryFactsOf(db);
if (m) {
  const { buildGroupCells } = await import('../server/engine/facts/group-cells.ts');
  const c0 = process.cpuUsage();
  buildGroupCells(m);
  const c = process.cpuUsage(c0);
  console.log(`build cpu ms ${((c.user + c.system) / 1000).toFixed(1)}`);
}
for (const by of ['park', 'cluster'] as const) {
  for (const from of [1402, 1396]) {
    const input = {
      by,
      metrics: ['units' as const, 'employment' as const, 'supportedUnits' as const],
      sort: 'units' as const,
      limit: 10,
    };
    const filters = { ...EMPTY_FILTERS, from };
    const stop = observePlans((p) => {
      if (process.env.PLANS) console.log(describePlan(p));
    });
    const first = JSON.stringify(await getBreakdown(db, ALL_SCOPE, filters, input));
    stop();
    const cpu: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c0 = process.cpuUsage();
      await getBreakdown(db, ALL_SCOPE, filters, input);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    cpu.sort((a, b) => a - b);
    let h = 0;
    for (let i = 0; i < first.length; i++) h = (h * 31 + first.charCodeAt(i)) | 0;
    console.log(`${by} from ${from}: median ${cpu[3]?.toFixed(1)} ms, answer ${first.length} ${h}`);
  }
}
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await db.destroy();
