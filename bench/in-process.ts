import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EMPTY_FILTERS, type Filters } from '../server/domain/filters.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { openDatabase } from '../server/db/connect.ts';
import { describePlan, observePlans } from '../server/engine/planner/query-plan.ts';
import { createQueryPool, type QueryPool } from '../server/engine/workers/worker-pool.ts';
import { createContext } from '../server/routers/context.ts';
import { appRouter } from '../server/routers/index.ts';
import { createCallerFactory } from '../server/routers/trpc.ts';
import type { BenchCase } from './cases.ts';
import { snapshotPathOf, type BenchDatabase } from './database.ts';
import { latencyOf, since, type Latency } from './stats.ts';

export interface CaseResult extends Latency {
  label: string;
  /** Calls the engine sent to its worker pool: the ones that read raw tables (long reads). */
  offloaded: number;
  /** How often each plan (query-plan.ts, one line each) answered this case's calls. */
  plans: Record<string, number>;
  errors: number;
  firstError?: string;
  /** Longest event-loop block in this process during the case (its warm-up included), ms. */
  eventLoopMaxMs: number;
}

export interface InProcessReport {
  cases: CaseResult[];
  /** Longest event-loop delay seen in this process while the cases ran (ms). */
  eventLoopMaxMs: number;
  rssMb: number;
}

type Procedure = (input: unknown) => Promise<unknown>;

/** A procedure of a createCaller caller by its dotted path (`stats.breakdown`). */
function procedureAt(caller: unknown, path: string): Procedure {
  let node: unknown = caller;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'function') throw new Error(`no procedure ${path}`);
  return node as Procedure;
}

/** Wraps the pool to count what the engine decides to offload (its raw-table reads). */
function countingPool(pool: QueryPool): QueryPool & { count: number } {
  const counting = {
    count: 0,
    run: ((name, args) => {
      counting.count++;
      return pool.run(name, args);
    }) as QueryPool['run'],
    close: () => pool.close(),
    memoryReady: () => pool.memoryReady(),
    memorySoon: () => pool.memorySoon(),
    memoryLoading: () => pool.memoryLoading(),
    cellsReady: () => pool.cellsReady(),
    reload: () => pool.reload(),
  };
  return counting;
}

/**
 * Runs every case over the filter sets through `createCaller` (the routers, validation and
 * queries; no HTTP), with the engine's worker pool as the server uses it. Each case gets one
 * untimed warm-up call; a case stops early once it has used `budgetSeconds`.
 */
export async function benchInProcess(
  target: BenchDatabase,
  cases: readonly BenchCase[],
  filterSets: readonly Filters[],
  budgetSeconds: number,
  log: (message: string) => void,
): Promise<InProcessReport> {
  const db = openDatabase(target.url);
  const pool = countingPool(
    createQueryPool({ location: target.url, snapshot: snapshotPathOf(target) }, 2),
  );
  const ctx = createContext({ db, scope: ALL_SCOPE });
  Object.assign(ctx, { pool });
  const caller = createCallerFactory(appRouter)(ctx);
  // Both workers load the query modules before timing starts (a server does this once at boot).
  const warm = { ...EMPTY_FILTERS, size: ['micro' as const] };
  await Promise.all([0, 1].map(() => pool.run('getSummary', [ALL_SCOPE, warm, {}])));
  // …and hold the facts in memory before timing starts (memory-facts.ts).
  const t0 = performance.now();
  const loaded = await Promise.all([0, 1].map(() => pool.run('warmMemory', [])));
  log(
    `  query workers loaded the facts in ${((performance.now() - t0) / 1000).toFixed(1)} s${loaded.every(Boolean) ? '' : ' (NOT all loaded: raw SQL)'}`,
  );
  pool.count = 0;
  const eld = monitorEventLoopDelay({ resolution: 10 });
  const results: CaseResult[] = [];
  let eventLoopMaxMs = 0;
  try {
    eld.enable();
    for (const c of cases) {
      eld.reset();
      const call = procedureAt(caller, c.path);
      const times: number[] = [];
      let errors = 0;
      let firstError: string | undefined;
      await call(c.input(filterSets[0] ?? ({} as Filters))).catch(() => undefined);
      pool.count = 0;
      const plans: Record<string, number> = {};
      const stopObserving = observePlans((plan) => {
        const line = describePlan(plan);
        plans[line] = (plans[line] ?? 0) + 1;
      });
      const started = performance.now();
      for (const filters of filterSets) {
        // Each call a task of its own, as each HTTP request is: calls answered synchronously
        // (SQLite inline) would otherwise chain into one task and read as one long block.
        await new Promise((resolve) => setImmediate(resolve));
        const t0 = performance.now();
        try {
          await call(c.input(filters));
          times.push(since(t0));
        } catch (error) {
          errors++;
          firstError ??= String(error);
        }
        if (since(started) > budgetSeconds * 1000) break;
      }
      stopObserving();
      const caseLoopMaxMs = Math.round(eld.max / 1e4) / 100;
      eventLoopMaxMs = Math.max(eventLoopMaxMs, caseLoopMaxMs);
      const result: CaseResult = {
        label: c.label,
        ...latencyOf(times),
        offloaded: pool.count,
        plans,
        errors,
        eventLoopMaxMs: caseLoopMaxMs,
      };
      if (firstError) result.firstError = firstError;
      results.push(result);
      log(
        `  in-process ${c.label}: p50 ${result.p50} ms, p95 ${result.p95} ms (n=${result.n}, raw ${result.offloaded}, event loop max ${caseLoopMaxMs} ms${firstError ? `, ${errors} errors: ${firstError.slice(0, 200)}` : ''})`,
      );
      const [mostUsed] = Object.entries(plans).sort((a, b) => b[1] - a[1]);
      if (mostUsed) {
        log(`    plan (${mostUsed[1]} of ${times.length + errors} calls): ${mostUsed[0]}`);
      }
    }
  } finally {
    eld.disable();
    await pool.close();
    await db.destroy();
  }
  return {
    cases: results,
    eventLoopMaxMs,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}
