import type { Kysely } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { Column } from './filter-sql.ts';
import type { FactNeeds } from './grouped-metrics.ts';
import type { QueryOptions } from './metric-values.ts';
import { planSources } from './navigator.ts';
import { FINE_ROLLUPS } from './rollup-catalog.ts';
import type { ResolvedFilters } from './resolve-filters.ts';
import type { QueryPool } from './worker-pool.ts';

/**
 * Does answering these needs read the raw tables or a fine rollup? Those reads grow with the
 * data (millions of rows at `large`); the coarse rollups' do not.
 */
export async function readsRawTables(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Column[],
  needs: FactNeeds,
  options: QueryOptions,
  perYear = false,
): Promise<boolean> {
  if (options.source === 'raw') return true;
  const plan = await planSources(db, rf, dims, 'auto', perYear);
  const long = (name: string) => name === 'raw' || FINE_ROLLUPS.has(name);
  const supportedRaw =
    plan.supported.kind === 'with-grants' || plan.supported.source.name === 'raw';
  return (
    (needs.units && long(plan.units.name)) ||
    (needs.change && long(plan.change.name)) ||
    (needs.grants && long(plan.grants.name)) ||
    (needs.supported && supportedRaw)
  );
}

/**
 * The pool to run a query in, or null to run it here: only SQLite blocks the event loop (its
 * driver is synchronous), so a long read goes to a worker when the context has a pool.
 */
export async function offloadTo(
  db: Kysely<Database>,
  options: QueryOptions,
  isLong: () => Promise<boolean> | boolean,
): Promise<QueryPool | null> {
  if (!options.pool || dialectOf(db) !== 'sqlite') return null;
  return (await isLong()) ? options.pool : null;
}

/** What a worker receives: everything but the pool (workers never offload again). */
export function workerOptions(options: QueryOptions): QueryOptions {
  return options.source ? { source: options.source } : {};
}
