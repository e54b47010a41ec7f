import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { createQueryPool } from '../server/engine/workers/worker-pool.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { BENCH_CASES, overviewBatch } from './cases.ts';
import { benchDatabaseAt, snapshotPathOf } from './database.ts';
import { filterSets, universeOf } from './filters.ts';

// CPU time of the calls the planner keeps on the main thread (plan `inline`), one call at a time
// with the workers idle, so the process's CPU time is the main thread's: what a request keeps the
// event loop for, measured in CPU rather than wall time (which a loaded machine inflates).
// `npx tsx bench/inline-cpu.ts --db FILE|URL [--sets 20] [--snapshot-dir DIR] [--only REGEX]`

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      sets: { type: 'string', default: '20' },
      'snapshot-dir': { type: 'string', default: 'data' },
      only: { type: 'string' },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/inline-cpu.ts --db FILE|URL');
  const target = benchDatabaseAt(values.db, values['snapshot-dir']);
  const db = openDatabase(values.db, { readonly: true });
  const universe = await universeOf(db);
  const sets = filterSets(1403, universe, Number(values.sets));
  const pool = createQueryPool({ location: target.url, snapshot: snapshotPathOf(target) }, 2);
  await Promise.all([0, 1].map(() => pool.run('warmMemory', [])));
  const ctx = createContext({ db, scope: ALL_SCOPE });
  Object.assign(ctx, { pool });
  const caller = createCallerFactory(appRouter)(ctx) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const call = (path: string, input: unknown) => {
    const [router, proc] = path.split('.') as [string, string];
    const fn = caller[router]?.[proc];
    if (!fn) throw new Error(`no procedure ${path}`);
    return fn(input);
  };
  const only = values.only ? new RegExp(values.only) : null;
  const cases = [
    ...BENCH_CASES.map((c) => ({
      label: c.label,
      calls: (f: (typeof sets)[number]) => [{ path: c.path, input: c.input(f) }],
    })),
    {
      label: 'overview batch',
      calls: (f: (typeof sets)[number]) => overviewBatch(f, universe.years),
    },
  ].filter((c) => !only || only.test(c.label));
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  for (const c of cases) {
    let max = 0;
    let maxPlan = '';
    const all: number[] = [];
    for (const f of [sets[0], ...sets]) {
      for (const { path, input } of c.calls(f ?? sets[0]!)) {
        const plans: string[] = [];
        const stop = observePlans((p) => plans.push(`${p.runs} ${describePlan(p)}`));
        // A fresh task, as an HTTP request is.
        await new Promise((r) => setImmediate(r));
        const t0 = cpuMs();
        await call(path, input).catch(() => undefined);
        const ms = cpuMs() - t0;
        stop();
        if (plans.some((p) => p.startsWith('worker'))) continue;
        all.push(ms);
        if (ms > max) {
          max = ms;
          maxPlan = `${path} ${plans.join(' ; ')}`;
        }
      }
    }
    all.sort((a, b) => a - b);
    const p50 = all[Math.floor(all.length / 2)] ?? 0;
    console.log(
      `${c.label}: inline calls ${all.length}, CPU p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms (${maxPlan.slice(0, 300)})`,
    );
  }
  await pool.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
