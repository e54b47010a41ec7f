import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { headingPaths } from '../server/engine/memory/heading-pass.ts';
import { memoryPaths } from '../server/engine/memory/memory-aggregate.ts';
import { bitsPaths } from '../server/engine/memory/supported-bits.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { BENCH_CASES } from './cases.ts';
import { openWithFacts } from './facts-of.ts';
import { filterSets, universeOf } from './filters.ts';

// The bench's filter sets whose call takes the most CPU, answered inline from the facts (no
// worker pool: every memory pass runs on this thread), with the planner's plan and the memory
// paths each took: where a p95 comes from.
// `npx tsx bench/slow-sets.ts --db FILE|URL [--sets 100] [--snapshot-dir DIR] [--only REGEX] [--top 8]`

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function counters(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(memoryPaths)) if (typeof v === 'number') out[`m.${k}`] = v;
  for (const [k, v] of Object.entries(headingPaths)) out[`h.${k}`] = v;
  for (const [k, v] of Object.entries(bitsPaths)) out[`b.${k}`] = v;
  return out;
}

function moved(before: Record<string, number>): string {
  const now = counters();
  return Object.keys(now)
    .filter((k) => (now[k] ?? 0) !== (before[k] ?? 0))
    .map((k) => `${k}+${(now[k] ?? 0) - (before[k] ?? 0)}`)
    .join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      sets: { type: 'string', default: '100' },
      'snapshot-dir': { type: 'string', default: 'data' },
      only: { type: 'string' },
      top: { type: 'string', default: '8' },
      repeat: { type: 'string', default: '2' },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/slow-sets.ts --db FILE|URL');
  const { db } = await openWithFacts(values.db, { snapshotDir: values['snapshot-dir'] });
  const universe = await universeOf(db);
  const sets = filterSets(1403, universe, Number(values.sets));
  const caller = createCallerFactory(appRouter)(
    createContext({ db, scope: ALL_SCOPE }),
  ) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const call = (path: string, input: unknown) => {
    const [router, proc] = path.split('.') as [string, string];
    const fn = caller[router]?.[proc];
    if (!fn) throw new Error(`no procedure ${path}`);
    return fn(input);
  };
  const only = values.only ? new RegExp(values.only) : null;
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  for (const c of BENCH_CASES.filter((c) => !only || only.test(c.label))) {
    const rows: { i: number; ms: number; plan: string; paths: string }[] = [];
    await call(c.path, c.input(sets[0]!)).catch(() => undefined);
    for (const [i, f] of sets.entries()) {
      let best = Infinity;
      let plan = '';
      let paths = '';
      for (let r = 0; r < Number(values.repeat); r++) {
        const plans: string[] = [];
        const stop = observePlans((p) => plans.push(describePlan(p)));
        const before = counters();
        const t0 = cpuMs();
        await call(c.path, c.input(f)).catch(() => undefined);
        const ms = cpuMs() - t0;
        stop();
        if (ms < best) best = ms;
        plan = plans.join(' ; ');
        paths = moved(before);
      }
      rows.push({ i, ms: best, plan, paths });
    }
    const sorted = [...rows].sort((a, b) => a.ms - b.ms);
    const q = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.ms ?? 0;
    console.log(
      `\n## ${c.label}: CPU p50 ${q(0.5).toFixed(1)} p95 ${q(0.95).toFixed(1)} max ${q(1).toFixed(1)} ms`,
    );
    for (const r of sorted.slice(-Number(values.top)).reverse()) {
      const f = sets[r.i]!;
      const shown = Object.entries(f)
        .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined))
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
        .join(' ');
      console.log(
        `  ${r.ms.toFixed(1)} ms  #${r.i} ${shown}\n      ${r.paths}\n      ${r.plan.slice(0, 240)}`,
      );
    }
  }
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
