import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { getDrill } from '../server/queries/drill.ts';
import { getImpact } from '../server/queries/impact.ts';
import { getSummary } from '../server/queries/summary.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// The questions that pass over the units, inline with the facts loaded from the snapshot: median
// CPU per filter set, and a hash of every answer (to compare two versions of the engine).
// `npx tsx bench/unit-side.ts FILE [--sets N] [--runs R] [--only LABEL,…] [--out FILE.json]`
// (the snapshot is FILE-facts). The first filter set is always the unfiltered one.
const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: npx tsx bench/unit-side.ts FILE [--sets N] [--runs R]');
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : (args[i + 1] ?? fallback);
};
const { db, facts } = await openWithFacts(file);
// `--ab`: each run alternates the facts without their unit cells (A: byDim null, so the planner's
// dim-cells reads and "others" recounts fall back to the passes) and with them (B), in this
// process; answers must be byte-identical, and both medians are printed.
// `--ab-group`: the same with the park and cluster cells (A: byGroup null, the passes answer).
const abGroup = args.includes('--ab-group');
const ab = args.includes('--ab') || abGroup;
const byDim = facts.byDim;
const byGroup = facts.byGroup;
const side = (b: boolean) => {
  if (abGroup) facts.byGroup = b ? byGroup : null;
  else facts.byDim = b ? byDim : null;
};

type Ask = (f: Filters) => Promise<unknown>;
const breakdown =
  (by: string, by2?: string, extra: object = {}): Ask =>
  (f) =>
    getBreakdown(db, ALL_SCOPE, f, { by, ...(by2 ? { by2 } : {}), ...extra } as never);
const CASES: [string, Ask][] = [
  ['summary', (f) => getSummary(db, ALL_SCOPE, f)],
  ['by=park', breakdown('park')],
  ['by=cluster', breakdown('cluster')],
  ['by=size', breakdown('size')],
  ['by=sector×size', breakdown('sector', 'size')],
  ['by=province×year', breakdown('province', 'year')],
  ['by=province', breakdown('province')],
  ['by=year', breakdown('year')],
  ['drill=park', (f) => getDrill(db, ALL_SCOPE, f, { level: 'park', pageSize: 50 })],
  ['drill=cluster', (f) => getDrill(db, ALL_SCOPE, f, { level: 'cluster', pageSize: 50 })],
  ['drill=unit', (f) => getDrill(db, ALL_SCOPE, f, { level: 'unit', pageSize: 50 })],
  ['impact', (f) => getImpact(db, ALL_SCOPE, f)],
  [
    'top clusters',
    (f) =>
      getBreakdown(
        db,
        ALL_SCOPE,
        { ...f, cluster: [] },
        {
          by: 'cluster',
          metrics: ['units', 'employment', 'supportedUnits'],
          sort: 'units',
          limit: 10,
        },
      ),
  ],
];
const only = opt('only', '');
const cases = only ? CASES.filter(([label]) => only.split(',').includes(label)) : CASES;
// `--bench`: the full bench's own 20 filter sets (run.ts: seed 1403, no unfiltered set added).
const sets = args.includes('--bench')
  ? filterSets(1403, await universeOf(db), 20)
  : [
      { ...EMPTY_FILTERS },
      ...filterSets(Number(opt('seed', '7')), await universeOf(db), Number(opt('sets', '20')) - 1),
    ];
const runs = Number(opt('runs', '3'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const hashes: Record<string, string[]> = {};
console.log(
  `load at start ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const hashOf = (answer: unknown) =>
  createHash('sha1')
    .update(JSON.stringify(answer, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
    .digest('hex');
const timed = async (ask: Ask, f: Filters) => {
  const c0 = process.cpuUsage();
  await ask(f);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
for (const [label, ask] of cases) {
  const perSet: number[] = [];
  const perSetA: number[] = [];
  hashes[label] = [];
  let differ = 0;
  for (const f of sets) {
    side(true);
    const hash = hashOf(await ask(f));
    hashes[label].push(hash);
    if (ab) {
      side(false);
      if (hashOf(await ask(f)) !== hash) differ++;
    }
    const cpu: number[] = [];
    const cpuA: number[] = [];
    for (let r = 0; r < runs; r++) {
      if (ab) {
        side(false);
        cpuA.push(await timed(ask, f));
      }
      side(true);
      cpu.push(await timed(ask, f));
    }
    perSet.push(median(cpu));
    perSetA.push(median(cpuA));
  }
  if (ab) {
    const sortedA = [...perSetA].sort((a, b) => a - b);
    const p95A = sortedA[Math.min(sortedA.length - 1, Math.ceil(sortedA.length * 0.95) - 1)] ?? 0;
    console.log(
      `${label.padEnd(18)} A (no cells): p50 ${median(perSetA).toFixed(1)} p95 ${p95A.toFixed(1)}; answers differing from B: ${differ}`,
    );
  }
  if (args.includes('--detail')) {
    sets.forEach((f, i) => {
      const lists = Object.entries(f)
        .filter(([, v]) => Array.isArray(v) && v.length > 0)
        .map(([k, v]) => `${k}:${(v as unknown[]).length}`);
      console.log(
        `  ${String(i).padStart(2)} ${ab ? `${perSetA[i]?.toFixed(1).padStart(7)} →` : ''}${perSet[i]?.toFixed(1).padStart(7)} ms  ${f.from ?? ''}-${f.to ?? ''} ${lists.join(' ')}`,
      );
    });
  }
  const sorted = [...perSet].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
  console.log(
    `${label.padEnd(18)} unfiltered ${perSet[0]?.toFixed(1).padStart(6)} ms  p50 ${median(perSet).toFixed(1).padStart(6)}  p95 ${p95.toFixed(1).padStart(6)}  (CPU, ${sets.length} sets × ${runs})`,
  );
}
console.log(
  `load at end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const out = opt('out', '');
if (out) writeFileSync(out, JSON.stringify(hashes, null, 1));
await db.destroy();
