import { loadavg } from 'node:os';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { type MemoryFacts } from '../server/engine/facts/memory-facts.ts';
import { buildHeadingIndex, headingIndexBytes } from '../server/engine/facts/heading-index.ts';
import { resolveFilters } from '../server/engine/filters/resolve-filters.ts';
import { memoryGrantRows } from '../server/engine/memory/memory-aggregate.ts';
import { headingPaths } from '../server/engine/memory/heading-pass.ts';
import type { Column } from '../server/engine/sql/filter-sql.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// Grant reads by or filtered to headings, with the heading index (new) and without (old): CPU
// medians over RUNS alternating calls, and the rows compared. `npx tsx bench/heading.ts FILE`.
const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/heading.ts FILE');
const { db, facts } = await openWithFacts(file);
const builds: number[] = [];
for (let i = 0; i < Number(process.env.BUILDS ?? 3); i++) {
  const c0 = process.cpuUsage();
  buildHeadingIndex(facts);
  const c = process.cpuUsage(c0);
  builds.push((c.user + c.system) / 1000);
}
const x = facts.byHeading;
if (!x) throw new Error('no heading index');
console.log(
  `heading index: ${(headingIndexBytes(x) / 2 ** 20).toFixed(1)} MB, pairs ${x.pairUnit.length}, build cpu ms ${builds.map((v) => v.toFixed(0)).join(' ')}`,
);
const old: MemoryFacts = { ...facts, byHeading: null };
const cpu = (f: () => unknown): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const RUNS = Number(process.env.RUNS ?? 5);
const SETS = Number(process.env.SETS ?? 20);
const universe = await universeOf(db);
const sets: Filters[] = [
  EMPTY_FILTERS,
  ...filterSets(Number(process.env.SEED ?? 1), universe, SETS),
];
const reads: {
  label: string;
  dims: Column[];
  perYear: boolean;
  filter?: (f: Filters) => Filters;
}[] = [
  { label: 'by heading', dims: ['heading'], perYear: false },
  { label: 'heading x province', dims: ['heading', 'province'], perYear: false },
  { label: 'summary', dims: [], perYear: false },
  { label: 'by year', dims: ['year'], perYear: true },
  { label: 'by province', dims: ['province'], perYear: false },
];
const canon = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    .sort()
    .join('\n');
for (const r of reads.filter((q) => !process.env.ONLY || q.label === process.env.ONLY)) {
  const oldT: number[] = [];
  const newT: number[] = [];
  let differ = 0;
  let maxOld = 0;
  let maxNew = 0;
  for (const f of sets) {
    const rf = await resolveFilters(db, ALL_SCOPE, f);
    // Only reads the heading index may change: by heading, or filtered to headings.
    if (!r.dims.includes('heading') && rf.headings === null) continue;
    const before = { ...headingPaths };
    const a = memoryGrantRows(old, rf, r.dims, r.perYear);
    const b = memoryGrantRows(facts, rf, r.dims, r.perYear);
    if (canon(a) !== canon(b)) differ++;
    const path =
      Object.entries(headingPaths).find(([k, v]) => v !== before[k as keyof typeof before])?.[0] ??
      'grant pass';
    const o: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      o.push(cpu(() => memoryGrantRows(old, rf, r.dims, r.perYear)));
      n.push(cpu(() => memoryGrantRows(facts, rf, r.dims, r.perYear)));
    }
    oldT.push(median(o));
    newT.push(median(n));
    maxOld = Math.max(maxOld, median(o));
    maxNew = Math.max(maxNew, median(n));
    if (process.env.VERBOSE)
      console.log(
        `  ${r.label} ${JSON.stringify(f)} ${path}: ${median(o).toFixed(1)} -> ${median(n).toFixed(1)}`,
      );
  }
  console.log(
    `${r.label}: ${oldT.length} sets, differ ${differ}; cpu ms median ${median(oldT).toFixed(1)} -> ${median(newT).toFixed(1)}, max ${maxOld.toFixed(1)} -> ${maxNew.toFixed(1)}`,
  );
}
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await db.destroy();
