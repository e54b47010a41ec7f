import type { PooledQueryName, QueryPool } from '../../server/engine/workers/worker-pool.ts';

/**
 * The real pool, recording what is sent to it. A read the planner places in a worker must arrive
 * here: with offloading removed (a query function that runs its plan inline) the plans would
 * still say `worker` and the answers would still be equal, so only this tells.
 */
export function recordingPool(pool: QueryPool): { pool: QueryPool; sent: PooledQueryName[] } {
  const sent: PooledQueryName[] = [];
  return {
    sent,
    pool: {
      run: (name, args, call) => {
        sent.push(name);
        return pool.run(name, args, call);
      },
      close: () => pool.close(),
      memoryReady: () => pool.memoryReady(),
      memorySoon: () => pool.memorySoon(),
      memoryLoading: () => pool.memoryLoading(),
      cellsReady: () => pool.cellsReady(),
      reload: () => pool.reload(),
    },
  };
}
