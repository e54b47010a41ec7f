import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { EMPTY_FILTERS } from '../domain/filters.ts';
import { ALL_SCOPE } from '../domain/scope.ts';
import { getBreakdown } from './breakdown.ts';
import { getSummary } from './summary.ts';

/**
 * Rounds of warmCellReaders: at `national` on PostgreSQL a worker's unfiltered summary from the
 * cells took 16–24 ms on its first call, 2–8 ms on the next four and ~0.3–0.5 ms from the sixth on.
 */
export const WARM_ROUNDS = 12;

/**
 * Runs the reads the planner sends to the unit cells on PostgreSQL (viaCellsFirst in
 * query-plan.ts: the unfiltered summary, a breakdown by sector × size) over the facts `db` holds,
 * `rounds` times, one round per turn of the event loop so a question arriving meanwhile is
 * answered between them. A worker's first answers from the cells run code V8 has not compiled
 * yet: at `national` (load ~2) the summary took 4–17 ms in the worker for its first ~11 calls
 * and ~1 ms after, so the first questions after a restart cost 12–22 ms (p50 of 8) through a
 * worker where the rollups answered in ~4 inline. The worker does this before it counts its
 * cells as built (query-worker.ts), so the planner keeps the rollups until the cells are quick.
 */
export async function warmCellReaders(db: Kysely<Database>, rounds = WARM_ROUNDS): Promise<void> {
  const options = { source: 'memory' } as const;
  for (let i = 0; i < rounds; i++) {
    await getSummary(db, ALL_SCOPE, EMPTY_FILTERS, options);
    await getBreakdown(db, ALL_SCOPE, EMPTY_FILTERS, { by: 'sector', by2: 'size' }, options);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
