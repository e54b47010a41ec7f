import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { openDatabase } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { observeQueries } from '../server/db/query-observer.ts';
import type { Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { createQueryPool, type QueryPool } from '../server/engine/workers/worker-pool.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { BENCH_CASES } from './cases.ts';
import { benchDatabaseAt, snapshotPathOf } from './database.ts';
import { filterSets, universeOf } from './filters.ts';
import { percentile } from './stats.ts';

// The bench's in-process cases on SQLite and PostgreSQL side by side, calls alternated between
// the dialects (same filter set, SQLite first then PostgreSQL first) so the machine's load falls
// on both alike; per case p50/p95 of each, the PG÷SQLite ratios, and the SQL statements the main
// thread ran per call on each. `npx tsx bench/dialect-cases.ts --sqlite FILE --pg URL
// [--only REGEX] [--iterations 40] [--snapshot-dir DIR]`

type Procedure = (input: unknown) => Promise<unknown>;

interface Side {
  name: string;
  db: Kysely<Database>;
  pool: QueryPool;
  call(path: string): Procedure;
}

async function open(url: string, snapshotDir: string): Promise<Side> {
  const db = openDatabase(url);
  const target = benchDatabaseAt(url, snapshotDir);
  const pool = createQueryPool({ location: url, snapshot: snapshotPathOf(target) }, 2);
  const ctx = createContext({ db, scope: ALL_SCOPE });
  Object.assign(ctx, { pool });
  const caller = createCallerFactory(appRouter)(ctx);
  await Promise.all([0, 1].map(() => pool.run('warmMemory', [])));
  return {
    name: target.dialect,
    db,
    pool,
    call(path) {
      let node: unknown = caller;
      for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
      return node as Procedure;
    },
  };
}

async function timed(
  side: Side,
  path: string,
  input: unknown,
): Promise<{ ms: number; statements: number }> {
  let statements = 0;
  const stop = observeQueries(() => statements++);
  await new Promise((resolve) => setImmediate(resolve));
  const t0 = performance.now();
  await side.call(path)(input);
  const ms = performance.now() - t0;
  stop();
  return { ms, statements };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sqlite: { type: 'string' },
      pg: { type: 'string' },
      only: { type: 'string' },
      iterations: { type: 'string', default: '40' },
      'snapshot-dir': { type: 'string', default: 'data' },
      plans: { type: 'boolean', default: false },
    },
  });
  if (!values.sqlite || !values.pg) {
    throw new Error('usage: tsx bench/dialect-cases.ts --sqlite FILE --pg URL [--only REGEX]');
  }
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  console.log(`load at start ${load()}`);
  const sqlite = await open(values.sqlite, values['snapshot-dir']);
  const pg = await open(values.pg, values['snapshot-dir']);
  const sets: Filters[] = filterSets(1403, await universeOf(sqlite.db), Number(values.iterations));
  const only = values.only ? new RegExp(values.only) : null;
  console.log(`facts loaded; load ${load()}`);
  console.log(
    '| case | SQLite p50 / p95 | PG p50 / p95 | PG÷SQLite p50 / p95 | statements SQLite / PG |',
  );
  console.log('|---|---|---|---|---|');
  for (const c of BENCH_CASES) {
    if (only && !only.test(c.label)) continue;
    const times = { sqlite: [] as number[], postgres: [] as number[] };
    const statements = { sqlite: 0, postgres: 0 };
    const plans = new Map<string, number>();
    const stopPlans = observePlans((p) => {
      const line = describePlan(p);
      plans.set(line, (plans.get(line) ?? 0) + 1);
    });
    for (const side of [sqlite, pg]) await side.call(c.path)(c.input(sets[0] ?? ({} as Filters)));
    plans.clear();
    for (const [i, filters] of sets.entries()) {
      const order = i % 2 === 0 ? [sqlite, pg] : [pg, sqlite];
      for (const side of order) {
        const r = await timed(side, c.path, c.input(filters));
        const key = side === sqlite ? 'sqlite' : 'postgres';
        times[key].push(r.ms);
        statements[key] += r.statements;
      }
    }
    stopPlans();
    const f = (v: number) => v.toFixed(1);
    const [s50, s95, p50, p95] = [
      percentile(times.sqlite, 0.5),
      percentile(times.sqlite, 0.95),
      percentile(times.postgres, 0.5),
      percentile(times.postgres, 0.95),
    ];
    console.log(
      `| ${c.label} | ${f(s50)} / ${f(s95)} | ${f(p50)} / ${f(p95)} | ${(p50 / s50).toFixed(2)} / ${(p95 / s95).toFixed(2)} | ${(statements.sqlite / sets.length).toFixed(1)} / ${(statements.postgres / sets.length).toFixed(1)} |`,
    );
    if (values.plans) {
      for (const [line, n] of [...plans].sort((a, b) => b[1] - a[1]))
        console.log(`    ${n} ${line}`);
    }
  }
  console.log(`load at end ${load()}`);
  for (const side of [sqlite, pg]) {
    await side.pool.close();
    await side.db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
