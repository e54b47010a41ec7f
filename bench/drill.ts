import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getDrill, type DrillOptions } from '../server/queries/drill.ts';
import { getImpact } from '../server/queries/impact.ts';
import { attachMemoryFacts, memoryFactsOf } from '../server/engine/facts/memory-facts.ts';
import { filterSets, universeOf } from './filters.ts';
import { latencyOf, since } from './stats.ts';

// The unit drill and impact at a scale the whole bench takes too long on, as a query worker runs
// them (the facts in this thread's memory, no pool):
// `npx tsx bench/drill.ts --db COPY.db [--iterations 20] [--budget 60] [--only REGEX]`.
// Every call here is one synchronous stretch of this thread (SQLite's driver blocks), so a
// call's time is also the longest block it causes on the thread that runs it. CPU time (this
// process's user + system per call) is printed beside: on a loaded machine it is the steadier.

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    iterations: { type: 'string', default: '20' },
    budget: { type: 'string', default: '60' },
    only: { type: 'string' },
  },
});
if (!args.db) throw new Error('--db FILE (a copy of large.db)');
const iterations = Number(args.iterations);
const budgetMs = Number(args.budget) * 1000;
const only = args.only ? new RegExp(args.only) : null;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

const db = openDatabase(args.db, { readonly: true });
const universe = await universeOf(db);
const sets = filterSets(1403, universe, iterations);
console.log(`load average ${load()}; loading the facts…`);
let t = performance.now();
await attachMemoryFacts(db);
if (!memoryFactsOf(db)) throw new Error('the facts did not load');
console.log(`facts loaded in ${(since(t) / 1000).toFixed(1)} s; load average ${load()}`);

const unit = (o: Omit<DrillOptions, 'level'>): DrillOptions => ({ level: 'unit', ...o });
const repeat = (f: Filters) => Array.from({ length: iterations }, () => f);
const cases: { label: string; filters: Filters[]; run: (f: Filters) => Promise<unknown> }[] = [
  {
    label: 'drill unit, first page of all units (default sort)',
    filters: repeat(EMPTY_FILTERS),
    run: (f) => getDrill(db, ALL_SCOPE, f, unit({ pageSize: 50 })),
  },
  ...(['amount', 'employment', 'supportedUnits', 'employmentChange'] as const).map((sort) => ({
    label: `drill unit, first page of all units by ${sort}`,
    filters: repeat({ ...EMPTY_FILTERS, from: universe.years.min, to: universe.years.max }),
    run: (f: Filters) => getDrill(db, ALL_SCOPE, f, unit({ sort, pageSize: 50 })),
  })),
  ...(['name', 'code'] as const).flatMap((sort) =>
    (['asc', 'desc'] as const).map((order) => ({
      label: `drill unit, first page of all units by ${sort} ${order}`,
      filters: repeat(EMPTY_FILTERS),
      run: (f: Filters) => getDrill(db, ALL_SCOPE, f, unit({ sort, order, pageSize: 50 })),
    })),
  ),
  {
    label: 'drill unit, page 10,000 of 50 by name (the middle)',
    filters: repeat(EMPTY_FILTERS),
    run: (f) => getDrill(db, ALL_SCOPE, f, unit({ sort: 'name', page: 10_000, pageSize: 50 })),
  },
  ...(['park', 'cluster'] as const).flatMap((level) =>
    (['units', 'amount', 'name'] as const).map((sort) => ({
      label: `drill ${level}, first page by ${sort}`,
      filters: repeat(EMPTY_FILTERS),
      run: (f: Filters) => getDrill(db, ALL_SCOPE, f, { level, sort, pageSize: 50 }),
    })),
  ),
  {
    label: 'drill unit, page 10,000 of 50 by amount (the middle)',
    filters: repeat(EMPTY_FILTERS),
    run: (f) => getDrill(db, ALL_SCOPE, f, unit({ sort: 'amount', page: 10_000, pageSize: 50 })),
  },
  {
    label: 'drill unit, page 1,000,000 of 200 (past the end)',
    filters: repeat(EMPTY_FILTERS),
    run: (f) => getDrill(db, ALL_SCOPE, f, unit({ page: 1_000_000, pageSize: 200 })),
  },
  {
    label: 'drill unit, bench filter sets, first page',
    filters: sets,
    run: (f) => getDrill(db, ALL_SCOPE, f, unit({ pageSize: 50 })),
  },
  {
    label: 'impact, all units',
    filters: repeat(EMPTY_FILTERS),
    run: (f) => getImpact(db, ALL_SCOPE, f),
  },
  { label: 'impact, bench filter sets', filters: sets, run: (f) => getImpact(db, ALL_SCOPE, f) },
];

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
for (const c of cases) {
  if (only && !only.test(c.label)) continue;
  const sample: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  await c.run(c.filters[0] ?? EMPTY_FILTERS); // warm-up, untimed
  for (const f of c.filters) {
    if (since(started) > budgetMs) break;
    // Let the loop turn between calls, so its monitor sees each call as one block.
    await new Promise((resolve) => setImmediate(resolve));
    t = performance.now();
    const c0 = process.cpuUsage();
    await c.run(f);
    sample.push(since(t));
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  const l = latencyOf(sample);
  const u = latencyOf(cpu);
  const ms = (v: number) => `${v.toFixed(1).padStart(8)} ms`;
  console.log(
    `${c.label.padEnd(58)} n=${String(l.n).padStart(3)} p50 ${ms(l.p50)} p95 ${ms(l.p95)} max ${ms(l.max)} | CPU p50 ${ms(u.p50)} p95 ${ms(u.p95)} (load ${load()})`,
  );
}
loop.disable();
console.log(`longest event-loop block in this thread: ${(loop.max / 1e6).toFixed(0)} ms`);
await db.destroy();
