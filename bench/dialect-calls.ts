import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { observeQueries } from '../server/db/query-observer.ts';
import type { Filters } from '../server/domain/filters.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { BENCH_CASES } from './cases.ts';
import { openDialectSide, type DialectSide } from './dialect-side.ts';
import { filterSets, universeOf } from './filters.ts';

// Per filter set, where a case's time goes on each dialect: calls alternated between SQLite and
// PostgreSQL (`--repeat` each), the median of each, the plan, and the main thread's statements
// with their own durations. Sorted by PG−SQLite, so the sets that make a case's ratio show first.
// `npx tsx bench/dialect-calls.ts --sqlite FILE --pg URL --only REGEX [--snapshot-dir DIR]`

interface Call {
  ms: number;
  statements: string[];
  plan: string;
}

async function timed(side: DialectSide, path: string, input: unknown): Promise<Call> {
  const statements: string[] = [];
  let plan = '';
  const stop = observeQueries((o) =>
    statements.push(`${o.ms.toFixed(2)}ms ${o.sql.replace(/\s+/g, ' ').slice(0, 90)}`),
  );
  const stopPlans = observePlans((p) => (plan = describePlan(p)));
  await new Promise((resolve) => setImmediate(resolve));
  const t0 = performance.now();
  await side.call(path)(input);
  const ms = performance.now() - t0;
  stop();
  stopPlans();
  return { ms, statements, plan };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sqlite: { type: 'string' },
      pg: { type: 'string' },
      only: { type: 'string' },
      iterations: { type: 'string', default: '20' },
      repeat: { type: 'string', default: '5' },
      'snapshot-dir': { type: 'string', default: 'data' },
    },
  });
  if (!values.sqlite || !values.pg || !values.only) {
    throw new Error('usage: tsx bench/dialect-calls.ts --sqlite FILE --pg URL --only REGEX');
  }
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  const sqlite = await openDialectSide(values.sqlite, values['snapshot-dir']);
  const pg = await openDialectSide(values.pg, values['snapshot-dir']);
  const sets: Filters[] = filterSets(1403, await universeOf(sqlite.db), Number(values.iterations));
  const only = new RegExp(values.only);
  const repeat = Number(values.repeat);
  console.log(`load ${load()}`);
  for (const c of BENCH_CASES) {
    if (!only.test(c.label)) continue;
    for (const side of [sqlite, pg]) await side.call(c.path)(c.input(sets[0] ?? ({} as Filters)));
    const rows: { i: number; s: number; p: number; last: Call; filters: Filters }[] = [];
    for (const [i, filters] of sets.entries()) {
      const ts: number[] = [];
      const tp: number[] = [];
      let last: Call | null = null;
      for (let r = 0; r < repeat; r++) {
        const order = r % 2 === 0 ? [sqlite, pg] : [pg, sqlite];
        for (const side of order) {
          const call = await timed(side, c.path, c.input(filters));
          if (side === sqlite) ts.push(call.ms);
          else {
            tp.push(call.ms);
            last = call;
          }
        }
      }
      if (last) rows.push({ i, s: median(ts), p: median(tp), last, filters });
    }
    console.log(`## ${c.label} (load ${load()})`);
    rows.sort((a, b) => b.p - b.s - (a.p - a.s));
    for (const r of rows) {
      const f = Object.entries(r.filters)
        .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null))
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('&');
      console.log(
        `#${r.i} sqlite ${r.s.toFixed(2)} pg ${r.p.toFixed(2)} (${(r.p / r.s).toFixed(2)}x) ${f}`,
      );
      console.log(`    ${r.last.plan}`);
      for (const s of r.last.statements) console.log(`      ${s}`);
    }
  }
  for (const side of [sqlite, pg]) await side.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
