import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { observePlans } from '../server/engine/planner/query-plan.ts';
import { createQueryPool } from '../server/engine/workers/worker-pool.ts';
import { answerMemoOf } from '../server/queries/answer-memo.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import { overviewBatch } from './cases.ts';
import { benchDatabaseAt, snapshotPathOf } from './database.ts';
import { filterSets, universeOf } from './filters.ts';

// The warm Overview batch's calls started together (as a tRPC batch runs them), through
// createCaller with the worker pool and the answer memo as the HTTP API has them: when each call
// finishes, where it ran, and which one ends the batch.
// `npx tsx bench/overview-tail.ts --db FILE|URL [--sets 20] [--snapshot-dir DIR] [--no-memo] [--serial]`
// (--serial: each call alone, its own time; the batch total is then their sum).

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      sets: { type: 'string', default: '20' },
      'snapshot-dir': { type: 'string', default: 'data' },
      'no-memo': { type: 'boolean', default: false },
      /** One call at a time: each call's own time, nothing queued behind another. */
      serial: { type: 'boolean', default: false },
    },
  });
  if (!values.db) throw new Error('usage: npx tsx bench/overview-tail.ts --db FILE|URL');
  const target = benchDatabaseAt(values.db, values['snapshot-dir']);
  const db = openDatabase(values.db, { readonly: true });
  const universe = await universeOf(db);
  const sets = filterSets(1403, universe, Number(values.sets));
  const pool = createQueryPool({ location: target.url, snapshot: snapshotPathOf(target) }, 2);
  await Promise.all([0, 1].map(() => pool.run('warmMemory', [])));
  const ctx = createContext({
    db,
    scope: ALL_SCOPE,
    ...(values['no-memo'] ? {} : { memo: answerMemoOf(db) }),
  });
  Object.assign(ctx, { pool });
  const caller = createCallerFactory(appRouter)(ctx) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const byCall = new Map<string, { ms: number[]; last: number; runs: Set<string> }>();
  const totals: number[] = [];
  // This thread's longest block per batch (it plays the server's main thread here).
  const blocks: number[] = [];
  const eld = monitorEventLoopDelay({ resolution: 2 });
  eld.enable();
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  for (const f of [sets[0]!, ...sets]) {
    const calls = overviewBatch(f, universe.years);
    await new Promise((r) => setTimeout(r, 5));
    eld.reset();
    const t0 = performance.now();
    const ends: { label: string; ms: number }[] = [];
    const each = async (c: (typeof calls)[number], i: number) => {
      const by = (c.input as { by?: string } | undefined)?.by;
      const label = `${i}:${c.path}${by ? ` by ${by}` : ''}`;
      const started = performance.now();
      const runs: string[] = [];
      const stop = observePlans((p) => runs.push(p.runs));
      const [router, proc] = c.path.split('.') as [string, string];
      await caller[router]![proc]!(c.input);
      stop();
      const ms = performance.now() - (values.serial ? started : t0);
      ends.push({ label, ms });
      const entry = byCall.get(label) ?? { ms: [], last: 0, runs: new Set<string>() };
      entry.ms.push(ms);
      runs.forEach((r) => entry.runs.add(r));
      byCall.set(label, entry);
    };
    if (values.serial) for (const [i, c] of calls.entries()) await each(c, i);
    else await Promise.all(calls.map(each));
    const total = performance.now() - t0;
    totals.push(total);
    await new Promise((r) => setTimeout(r, 5));
    blocks.push(eld.max / 1e6);
    const last = ends.sort((a, b) => b.ms - a.ms)[0];
    if (last) byCall.get(last.label)!.last++;
  }
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(1);
  console.log(
    `batch: p50 ${q(totals, 0.5)} ms, p95 ${q(totals, 0.95)} ms (n=${totals.length}); longest block per batch p50 ${q(blocks, 0.5)} ms, max ${q(blocks, 1)} ms, the first (cold) batch's ${blocks[0]?.toFixed(1)} ms`,
  );
  for (const [label, e] of byCall) {
    console.log(
      `  ${label} [${[...e.runs].join(',') || 'memo'}]: done at p50 ${q(e.ms, 0.5)} ms, p95 ${q(e.ms, 0.95)} ms; last of the batch ${e.last} times`,
    );
  }
  await pool.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
