import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openDatabase } from '../server/db/connect.ts';
import { observeQueries } from '../server/db/query-observer.ts';
import { EMPTY_FILTERS } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { getDimensions } from '../server/queries/dimensions.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { overviewBatch } from './cases.ts';

// Each read of the Overview batch run inline, one at a time, with every SQL statement it ran and
// its time: where the batch's time goes. The top-clusters breakdown needs the facts (a worker)
// and is left out. `npx tsx bench/overview-reads.ts --db FILE|URL [--rounds 3]`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, rounds: { type: 'string', default: '3' } },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/overview-reads.ts --db FILE|URL');
  const db = openDatabase(values.db);
  const years = (await getDimensions(db, ALL_SCOPE)).years;
  const caller = createCallerFactory(appRouter)(createContext({ db, scope: ALL_SCOPE }));
  const batch = overviewBatch(EMPTY_FILTERS, years).filter(
    (c) => (c.input as { by?: string } | undefined)?.by !== 'cluster',
  );
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 1; round <= Number(values.rounds); round++) {
    console.log(`round ${round}`);
    for (const c of batch) {
      const statements: { ms: number; sql: string }[] = [];
      const plans: string[] = [];
      const stopQ = observeQueries((o) => statements.push({ ms: o.ms, sql: o.sql }));
      const stopP = observePlans((p) => plans.push(describePlan(p)));
      let node: unknown = caller;
      for (const part of c.path.split('.')) node = (node as Record<string, unknown>)[part];
      const t0 = performance.now();
      await (node as (i: unknown) => Promise<unknown>)(c.input);
      const ms = performance.now() - t0;
      stopQ();
      stopP();
      const by = (c.input as { by?: string } | undefined)?.by;
      console.log(`  ${c.path}${by ? ` by ${by}` : ''}: ${ms.toFixed(1)} ms`);
      for (const p of plans) console.log(`    plan ${p}`);
      for (const s of statements.filter((s) => s.ms >= 1).sort((a, b) => b.ms - a.ms)) {
        console.log(`    ${s.ms.toFixed(1)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }
  }
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
