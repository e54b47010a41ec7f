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
/**
 * How long a read can run: 'raw' (the raw tables: always a worker), 'fine' (a rollup at the park
 * grain: a worker once its facts are in memory, else inline as before), false (coarse rollups).
 */
export type ReadKind = 'raw' | 'fine' | false;
/** A read kind, or a plain yes/no (true counts as 'raw'). */
type LongAnswer = 'raw' | 'fine' | boolean;

/** The longer of two read kinds. */
export function longer(a: LongAnswer, b: LongAnswer): ReadKind {
  if (a === 'raw' || b === 'raw' || a === true || b === true) return 'raw';
  return a === 'fine' || b === 'fine' ? 'fine' : false;
}

export async function readsRawTables(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Column[],
  needs: FactNeeds,
  options: QueryOptions,
  perYear = false,
): Promise<ReadKind> {
  if (options.source === 'raw') return 'raw';
  const plan = await planSources(db, rf, dims, 'auto', perYear);
  const kind = (name: string): ReadKind =>
    name === 'raw' ? 'raw' : FINE_ROLLUPS.has(name) ? 'fine' : false;
  const supported: ReadKind =
    plan.supported.kind === 'with-grants' ? 'raw' : kind(plan.supported.source.name);
  return [
    needs.units && kind(plan.units.name),
    needs.change && kind(plan.change.name),
    needs.grants && kind(plan.grants.name),
    needs.supported && supported,
  ].reduce<ReadKind>((a, b) => longer(a, b), false);
}

/**
 * The pool to run a query in, or null to run it here: only SQLite blocks the event loop (its
 * driver is synchronous), so a long read goes to a worker when the context has a pool.
 */
export async function offloadTo(
  db: Kysely<Database>,
  options: QueryOptions,
  isLong: () => Promise<LongAnswer> | LongAnswer,
): Promise<QueryPool | null> {
  if (!options.pool || dialectOf(db) !== 'sqlite') return null;
  const kind = longer(await isLong(), false);
  // A fine rollup is quicker inline than queued behind workers still loading their facts.
  if (kind === 'fine' && !options.pool.memoryReady()) return null;
  return kind ? options.pool : null;
}

/** What a worker receives: everything but the pool (workers never offload again). */
export function workerOptions(options: QueryOptions): QueryOptions {
  return options.source ? { source: options.source } : {};
}
