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

/** Every rollup table, in the order they are rebuilt. */
export const ROLLUP_TABLES = [
  'ru_units',
  'ru_units_ps',
  'ru_change',
  'ru_change_ps',
  'ru_grants',
  'ru_grants_ps',
  'ru_grants_park',
  'ru_grants_month',
  'ru_supported',
  'ru_supported_quarter',
  'ru_supported_month',
] as const;
export type RollupTable = (typeof ROLLUP_TABLES)[number];

/** Selection kinds of the supported rollups. */
export const SEL_ALL = 0;
export const SEL_CATEGORY = 1;
export const SEL_HEADING = 2;

/** Year spans beyond this skip the supported rollups (the raw tables answer instead). */
export const MAX_SUPPORTED_YEARS = 20;
