import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { observeQueries } from '../server/db/query-observer.ts';
import type { Filters } from '../server/domain/filters.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { BENCH_CASES } from './cases.ts';
import { openDialectSide, type DialectSide } from './dialect-side.ts';
import { filterSets, universeOf } from './filters.ts';
import { percentile } from './stats.ts';

// The bench's in-process cases on SQLite and PostgreSQL side by side, calls alternated between
// the dialects (same filter set, SQLite first then PostgreSQL first) so the machine's load falls
// on both alike; per case p50/p95 of each, the PG÷SQLite ratios, and the SQL statements the main
// thread ran per call on each. `npx tsx bench/dialect-cases.ts --sqlite FILE --pg URL
// [--only REGEX] [--iterations 40] [--snapshot-dir DIR]`

async function timed(
  side: DialectSide,
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
  const sqlite = await openDialectSide(values.sqlite, values['snapshot-dir']);
  const pg = await openDialectSide(values.pg, values['snapshot-dir']);
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
  for (const side of [sqlite, pg]) await side.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
