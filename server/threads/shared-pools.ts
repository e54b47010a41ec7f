import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import type { WorkerKind } from './start-worker.ts';
import { createThreadPool, type ThreadPool, type ThreadPoolStats } from './thread-pool.ts';

type PooledKind = Exclude<WorkerKind, 'query'>;

/**
 * How many workers each kind keeps. Lists: two stripes read side by side when the machine has the
 * cores. Imports run one at a time (a database lease), and each reads one large part at a time.
 */
const SIZES: Record<PooledKind, number> = {
  list: Math.min(2, availableParallelism()),
  import: 1,
  validate: 1,
};

/**
 * A list worker allocates short-lived strings by the million and keeps nothing: a small young
 * generation keeps its RSS down at the cost of more (cheap) scavenges (4 MB: no slower than 8 MB
 * on the grants CSV, ~10 MB less per worker).
 */
const LIMITS: Partial<Record<PooledKind, ResourceLimits>> = {
  list: { maxYoungGenerationSizeMb: 4 },
};

const pools = new Map<PooledKind, ThreadPool>();

/** This thread's pool of a kind, created on first use and kept until closeSharedPools. */
export function sharedPool(kind: PooledKind): ThreadPool {
  let pool = pools.get(kind);
  if (!pool) {
    pool = createThreadPool(kind, SIZES[kind], LIMITS[kind]);
    pools.set(kind, pool);
  }
  return pool;
}

/** The size of a kind's pool (how many workers one job may ask for). */
export function sharedPoolSize(kind: PooledKind): number {
  return SIZES[kind];
}

/** Every pool this thread has started (for /metrics). */
export function sharedPoolStats(): ThreadPoolStats[] {
  return [...pools.values()].map((p) => p.stats());
}

/** Ends every pooled worker (shutdown). */
export async function closeSharedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
