import type { RollupDef } from '../sql/fact-sources.ts';

/**
 * The rollup tables the planner may choose, smallest first within each fact family. A table can
 * answer a query when its columns cover the query's filters and group-by.
 */
export const UNIT_ROLLUPS: readonly RollupDef[] = [
  { table: 'ru_units_ps', cols: ['province', 'sector', 'size', 'year'] },
  { table: 'ru_units', cols: ['province', 'park', 'cluster', 'sector', 'size', 'year'] },
];

/** Employment change for every pair of years (from < to); `year` is the later one. */
export const CHANGE_ROLLUPS: readonly RollupDef[] = [
  { table: 'ru_change_ps', cols: ['province', 'sector', 'size', 'year'] },
  { table: 'ru_change', cols: ['province', 'park', 'cluster', 'sector', 'size', 'year'] },
];

/** Disbursed grant counts and amounts (not distinct units: see SUPPORTED_ROLLUPS). */
export const GRANT_ROLLUPS: readonly RollupDef[] = [
  { table: 'ru_grants_ps', cols: ['province', 'sector', 'size', 'year'] },
  // the Overview's breakdown by category: 11,904 rows at `large` where ru_grants has 476,337
  { table: 'ru_grants_cat', cols: ['province', 'sector', 'category', 'year'] },
  { table: 'ru_grants', cols: ['province', 'sector', 'size', 'category', 'heading', 'year'] },
  { table: 'ru_grants_park', cols: ['province', 'park', 'cluster', 'sector', 'size', 'year'] },
  {
    table: 'ru_grants_month',
    cols: ['province', 'sector', 'category', 'heading', 'year', 'quarter', 'month'],
  },
];

/**
 * Distinct supported units, per (province, sector) cell and heading selection (every heading, one
 * category, one heading): exact to add up across provinces and sectors because units partition by
 * them, and nothing else. `ru_supported` holds every (from, to) range of the dataset's years.
 */
export const SUPPORTED_TABLES = {
  range: 'ru_supported',
  quarter: 'ru_supported_quarter',
  month: 'ru_supported_month',
} as const;

/**
 * Rollups at the (province, park, cluster, sector) or month grain: at `large` they hold about as
 * many rows as the raw tables, so where the facts are loaded in memory (memory-facts.ts) those answer
 * instead, and a query reading them counts as long (it runs in a worker).
 */
export const FINE_ROLLUPS: ReadonlySet<string> = new Set([
  'ru_units',
  'ru_change',
  'ru_grants_park',
  // month grain: a million rows and more at `large`
  'ru_grants_month',
  'ru_supported_quarter',
  'ru_supported_month',
]);

/**
 * Whether a rebuild that did (`fine`) or did not build the fine rollups built `table`: they are
 * built only where the facts cannot hold the data (rollups.ts), and the planner reads only
 * tables that were built.
 */
export function rollupBuilt(state: { fine: boolean }, table: string): boolean {
  return state.fine || !FINE_ROLLUPS.has(table);
}

/** Every rollup table, in the order they are rebuilt. */
export const ROLLUP_TABLES = [
  'ru_units',
  'ru_units_ps',
  'ru_change',
  'ru_change_ps',
  'ru_grants',
  'ru_grants_ps',
  'ru_grants_cat',
  'ru_grants_park',
  'ru_grants_month',
  'ru_supported',
  'ru_supported_quarter',
  'ru_supported_month',
] as const;
export type RollupTable = (typeof ROLLUP_TABLES)[number];

/**
 * The columns one slice of each rollup table shares: the leading columns of its lookup index
 * that every read of it fixes (a year; a pair of years; a pair and a selection kind). A read
 * touches one slice per year it reads, or one in all (see readSlices in query-plan.ts); the rows
 * of each table's largest slice are recorded at every rebuild on SQLite (`slice_rows`), so the
 * planner knows, without counting, how many rows a read will go through.
 */
export const ROLLUP_SLICES: Readonly<Record<RollupTable, readonly string[]>> = {
  ru_units: ['year'],
  ru_units_ps: ['year'],
  ru_change: ['to_year', 'from_year'],
  ru_change_ps: ['to_year', 'from_year'],
  ru_grants: ['year'],
  ru_grants_ps: ['year'],
  ru_grants_cat: ['year'],
  ru_grants_park: ['year'],
  ru_grants_month: ['year'],
  ru_supported: ['from_year', 'to_year', 'sel_kind'],
  // the index leads with (sel_kind, sel_id, year), but a read by heading fixes no sel_id
  ru_supported_quarter: ['sel_kind', 'year'],
  ru_supported_month: ['sel_kind', 'year'],
};

/** Selection kinds of the supported rollups. */
export const SEL_ALL = 0;
export const SEL_CATEGORY = 1;
export const SEL_HEADING = 2;

/** Year spans beyond this skip the supported rollups (the raw tables answer instead). */
export const MAX_SUPPORTED_YEARS = 20;
