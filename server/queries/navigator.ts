import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Column, Expr } from './filter-sql.ts';
import { rawChangeSource, rawGrantSource, rawUnitSource, type FactSource } from './fact-sources.ts';
import type { ResolvedFilters } from './resolve-filters.ts';

/** Where distinct supported units come from: the raw grant query itself, or a rollup. */
export type SupportedPlan =
  { kind: 'with-grants' } | { kind: 'rollup'; source: FactSource; preds: Expr[] };

export interface SourcePlan {
  units: FactSource;
  change: FactSource;
  grants: FactSource;
  supported: SupportedPlan;
}

/** The raw tables: they answer every filter and group-by. */
export function rawPlan(rf: ResolvedFilters, dims: readonly Column[]): SourcePlan {
  const sizeNeeded = dims.includes('size') || rf.sizes !== null;
  return {
    units: rawUnitSource(),
    change: rawChangeSource(),
    grants: rawGrantSource({
      size: rf.sizes !== null ? 'inner' : sizeNeeded ? 'left' : 'none',
      category: dims.includes('category'),
    }),
    supported: { kind: 'with-grants' },
  };
}

/**
 * The aggregate navigator: for each fact family, the smallest source that can answer these
 * filters and this group-by.
 */
export function planSources(
  _db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Column[],
  _mode: 'auto' | 'raw',
): Promise<SourcePlan> {
  return Promise.resolve(rawPlan(rf, dims));
}
