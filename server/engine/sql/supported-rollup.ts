import { sql } from 'kysely';
import { filterPredicates, inList, type Column, type Expr } from './filter-sql.ts';
import type { FactSource } from './fact-sources.ts';
import { sumOf } from './metric-sql.ts';
import {
  rollupBuilt,
  SEL_ALL,
  SEL_CATEGORY,
  SEL_HEADING,
  SUPPORTED_TABLES,
} from '../planner/rollup-catalog.ts';
import type { RollupState } from '../rollups/rollups.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';

/** A read of distinct supported units from a supported rollup: the table, its source and predicates. */
export interface SupportedRollupRead {
  table: (typeof SUPPORTED_TABLES)[keyof typeof SUPPORTED_TABLES];
  source: FactSource;
  preds: Expr[];
  /** The selection kind it reads (SEL_ALL, SEL_CATEGORY, SEL_HEADING). */
  selKind: number;
}

/**
 * The supported-units rollup for these filters and group-by, or null when only the raw grants can
 * answer. Distinct counts add up across provinces and sectors only (units partition by them), so
 * the rollup holds one heading selection per row: every heading, one category or one heading.
 */
export function supportedRollup(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear: boolean,
  state: RollupState,
): SupportedRollupRead | null {
  const years = state.supportedYears;
  if (!years || rf.parks !== null || rf.clusters !== null || rf.sizes !== null) return null;
  const allowed: Column[] = [
    'province',
    'sector',
    'year',
    'category',
    'heading',
    'quarter',
    'month',
  ];
  if (!dims.every((d) => allowed.includes(d))) return null;
  if (dims.includes('category') && dims.includes('heading')) return null;
  if (dims.includes('quarter') && dims.includes('month')) return null;

  const grain = dims.includes('quarter') ? 'quarter' : dims.includes('month') ? 'month' : 'range';
  if (!rollupBuilt(state, SUPPORTED_TABLES[grain])) return null;
  const r = (c: string) => sql.ref(`r.${c}`);
  const cols: Partial<Record<Column, Expr>> = {
    province: r('province_id'),
    sector: r('sector_id'),
    year: grain === 'range' ? r('to_year') : r('year'),
    quarter: r('quarter'),
    month: r('month'),
    heading: r('sel_id'),
    category: r('sel_id'),
  };
  const preds: Expr[] = filterPredicates(rf, cols, { heading: false });

  let selKind: number;
  if (dims.includes('heading')) {
    selKind = SEL_HEADING;
    preds.push(sql`r.sel_kind = ${SEL_HEADING}`);
    if (rf.headings !== null) preds.push(inList(r('sel_id'), rf.headings));
  } else if (dims.includes('category')) {
    if (rf.headings !== null && rf.wholeCategories === null) return null;
    selKind = SEL_CATEGORY;
    preds.push(sql`r.sel_kind = ${SEL_CATEGORY}`);
    if (rf.wholeCategories !== null) preds.push(inList(r('sel_id'), rf.wholeCategories));
  } else if (rf.headings === null) {
    selKind = SEL_ALL;
    preds.push(sql`r.sel_kind = ${SEL_ALL}`);
  } else if (rf.wholeCategories?.length === 1) {
    selKind = SEL_CATEGORY;
    preds.push(sql`r.sel_kind = ${SEL_CATEGORY}`, sql`r.sel_id = ${rf.wholeCategories[0]}`);
  } else if (rf.headings.length === 1) {
    selKind = SEL_HEADING;
    preds.push(sql`r.sel_kind = ${SEL_HEADING}`, sql`r.sel_id = ${rf.headings[0]}`);
  } else {
    return null;
  }

  if (grain !== 'range' || perYear) {
    preds.push(sql`${cols.year} between ${rf.from} and ${rf.to}`);
    if (grain === 'range') {
      // A row per year (from = to), each pair looked up in the index on (from_year, to_year, …).
      // With `from_year = to_year` alone PostgreSQL scanned the table (timeseries by year at
      // `national`: 190 → 18 ms); with both columns' lists it went through every pair of the
      // lists (36 at `large`, 8,928 rows) for the 8 it keeps: the pairs themselves read 1,984
      // (at `large`, statement p50 5.3-6.5 → 3.1-3.9 ms on PostgreSQL, 1.0 → 0.6 on SQLite; load 13-15).
      const pairs: Expr[] = [];
      for (let y = Math.max(rf.from, years.min); y <= Math.min(rf.to, years.max); y++) {
        pairs.push(sql`(r.from_year = ${y} and r.to_year = ${y})`);
      }
      preds.push(pairs.length === 0 ? sql`1 = 0` : sql`(${sql.join(pairs, sql` or `)})`);
    }
  } else {
    // No grant lies before the rollup's years, so clipping `from` changes nothing; `to` is the
    // population year (units counted there), and past the data nobody is counted.
    const from = Math.max(rf.from, years.min);
    const to = rf.to;
    preds.push(
      from > to || to > years.max ? sql`1 = 0` : sql`r.from_year = ${from} and r.to_year = ${to}`,
    );
  }
  return {
    table: SUPPORTED_TABLES[grain],
    source: {
      name: SUPPORTED_TABLES[grain],
      from: sql`${sql.table(SUPPORTED_TABLES[grain])} r`,
      cols,
      where: [],
      measures: { supported: sumOf(r('units')) },
    },
    preds,
    selKind,
  };
}
