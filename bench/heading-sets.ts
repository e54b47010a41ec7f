import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { headingPaths } from '../server/engine/memory/heading-pass.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// The heading and category breakdowns over the bench's own filter sets (seed 1403, as
// `npm run bench`), inline with the facts from the snapshot as a query worker holds them: per set
// its median CPU, its plan and the heading-index paths it took, and a hash of the answer (to
// compare two versions). `npx tsx bench/heading-sets.ts FILE [--only LABEL,…] [--runs R]`.
const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: npx tsx bench/heading-sets.ts FILE');
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : (args[i + 1] ?? fallback);
};
const { db } = await openWithFacts(file, { readonly: true });
const CASES: [string, string, string?][] = [
  ['by=heading', 'heading'],
  ['by=heading×province', 'heading', 'province'],
  ['by=category', 'category'],
  ['by=category×year', 'category', 'year'],
];
const only = opt('only', '');
const sets: Filters[] = filterSets(
  Number(opt('seed', '1403')),
  await universeOf(db),
  Number(opt('sets', '20')),
);
const runs = Number(opt('runs', '3'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
console.log(
  `load at start ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (const [label, by, by2] of CASES.filter(([l]) => !only || only.split(',').includes(l))) {
  const ask = (f: Filters) =>
    getBreakdown(db, ALL_SCOPE, f, { by, ...(by2 ? { by2 } : {}) } as never);
  const perSet: number[] = [];
  const hashes: string[] = [];
  for (const [i, f] of sets.entries()) {
    const plans: string[] = [];
    const stop = observePlans((p) => plans.push(describePlan(p)));
    const before = { ...headingPaths };
    const answer = await ask(f);
    stop();
    const paths = Object.entries(headingPaths)
      .filter(([k, v]) => v !== before[k as keyof typeof before])
      .map(([k, v]) => `${k}×${v - before[k as keyof typeof before]}`);
    hashes.push(createHash('sha1').update(JSON.stringify(answer)).digest('hex').slice(0, 8));
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c0 = process.cpuUsage();
      await ask(f);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    perSet.push(median(cpu));
    if (args.includes('--verbose') || median(cpu) > Number(opt('over', '15')))
      console.log(
        `  ${label} #${i} ${median(cpu).toFixed(1)} ms ${JSON.stringify(
          Object.fromEntries(Object.entries(f).filter(([, v]) => !Array.isArray(v) || v.length)),
        )}\n    paths ${paths.join(' ') || '-'}\n    ${[...new Set(plans)].join('\n    ')}`,
      );
  }
  const sorted = [...perSet].sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${median(perSet).toFixed(1)} p95~ ${(sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0).toFixed(1)} max ${(sorted.at(-1) ?? 0).toFixed(1)} ms CPU; hashes ${hashes.join(' ')}`,
  );
}
console.log(
  `load at end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
await db.destroy();
