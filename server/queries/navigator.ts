import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { filterColumns, filterPredicates, inList, type Column, type Expr } from './filter-sql.ts';
import {
  populationYearOf,
  rawChangeSource,
  rawGrantSource,
  rawUnitSource,
  rollupSource,
  type FactSource,
  type RollupDef,
} from './fact-sources.ts';
import { sumOf } from './metric-sql.ts';
import {
  CHANGE_ROLLUPS,
  GRANT_ROLLUPS,
  SEL_ALL,
  SEL_CATEGORY,
  SEL_HEADING,
  SUPPORTED_TABLES,
  UNIT_ROLLUPS,
} from './rollup-catalog.ts';
import { getRollupState, type RollupState } from './rollups.ts';
import type { ResolvedFilters } from './resolve-filters.ts';

/**
 * Where distinct supported units come from: the raw grant query itself ('with-grants'), or a
 * separate source (a supported rollup, or the raw grants when the sums came from a rollup).
 */
export type SupportedPlan =
  { kind: 'with-grants' } | { kind: 'separate'; source: FactSource; preds: Expr[] };

export interface SourcePlan {
  units: FactSource;
  change: FactSource;
  grants: FactSource;
  supported: SupportedPlan;
}

const GRANT_ONLY: readonly Column[] = ['category', 'heading', 'quarter', 'month'];
const UNIT_COLUMNS: readonly Column[] = ['province', 'park', 'cluster', 'sector'];

/**
 * The raw tables: they answer every filter and group-by. `perYear` makes each grant's own year
 * its population year; `supported` asks for distinct supported units too (an extra lookup).
 */
export function rawPlan(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear = false,
  supported = true,
): SourcePlan {
  return {
    units: rawUnitSource(),
    change: rawChangeSource(),
    grants: rawGrantSource({
      size: rf.sizes !== null ? 'inner' : dims.includes('size') ? 'left' : 'none',
      category: dims.includes('category'),
      unit:
        UNIT_COLUMNS.some((c) => dims.includes(c)) ||
        [rf.provinces, rf.parks, rf.clusters, rf.sectors].some((ids) => ids !== null),
      supported,
      populationYear: populationYearOf(rf.to, perYear),
    }),
    supported: { kind: 'with-grants' },
  };
}

/** The first (smallest) rollup whose columns cover `needed`. */
function pick(defs: readonly RollupDef[], needed: readonly Column[]): RollupDef | undefined {
  return defs.find((d) => needed.every((c) => d.cols.includes(c)));
}

/**
 * The supported-units rollup for these filters and group-by, or null when only the raw grants can
 * answer. Distinct counts add up across provinces and sectors only (units partition by them), so
 * the rollup holds one heading selection per row: every heading, one category or one heading.
 */
function supportedRollup(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear: boolean,
  state: RollupState,
): SupportedPlan | null {
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

  if (dims.includes('heading')) {
    preds.push(sql`r.sel_kind = ${SEL_HEADING}`);
    if (rf.headings !== null) preds.push(inList(r('sel_id'), rf.headings));
  } else if (dims.includes('category')) {
    if (rf.headings !== null && rf.wholeCategories === null) return null;
    preds.push(sql`r.sel_kind = ${SEL_CATEGORY}`);
    if (rf.wholeCategories !== null) preds.push(inList(r('sel_id'), rf.wholeCategories));
  } else if (rf.headings === null) {
    preds.push(sql`r.sel_kind = ${SEL_ALL}`);
  } else if (rf.wholeCategories?.length === 1) {
    preds.push(sql`r.sel_kind = ${SEL_CATEGORY}`, sql`r.sel_id = ${rf.wholeCategories[0]}`);
  } else if (rf.headings.length === 1) {
    preds.push(sql`r.sel_kind = ${SEL_HEADING}`, sql`r.sel_id = ${rf.headings[0]}`);
  } else {
    return null;
  }

  if (grain !== 'range' || perYear) {
    preds.push(sql`${cols.year} between ${rf.from} and ${rf.to}`);
    if (grain === 'range') preds.push(sql`r.from_year = r.to_year`);
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
    kind: 'separate',
    source: {
      name: SUPPORTED_TABLES[grain],
      from: sql`${sql.table(SUPPORTED_TABLES[grain])} r`,
      cols,
      where: [],
      measures: { supported: sumOf(r('units')) },
    },
    preds,
  };
}

/**
 * The aggregate navigator, the one place that chooses tables: for each fact family, the smallest
 * rollup whose columns cover the filters (scope included) and the group-by; the raw tables when
 * none does, when `mode` is 'raw', or when no rollups were built.
 */
export async function planSources(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  dims: readonly Column[],
  mode: 'auto' | 'raw',
  perYear = false,
  needsSupported = true,
): Promise<SourcePlan> {
  const raw = rawPlan(rf, dims, perYear, needsSupported);
  const state = mode === 'raw' ? null : await getRollupState(db);
  if (!state) return raw;

  const unitDims = dims.filter((d) => !GRANT_ONLY.includes(d));
  const unitNeed: Column[] = [...unitDims, ...filterColumns(rf, { heading: false }), 'year'];
  const grantNeed: Column[] = [...dims, ...filterColumns(rf, { heading: true }), 'year'];
  const units = pick(UNIT_ROLLUPS, unitNeed);
  const change = pick(CHANGE_ROLLUPS, unitNeed);
  // Grant rollups keep the size of the grant's own year; a size question over several years asks
  // for the size in `to` (metrics.ts), which only the raw grants can join.
  const sizeInGrantYear = perYear || rf.from === rf.to;
  const grants =
    grantNeed.includes('size') && !sizeInGrantYear ? undefined : pick(GRANT_ROLLUPS, grantNeed);
  const grantSource = grants ? rollupSource(grants, 'grants') : raw.grants;

  let supported = supportedRollup(rf, dims, perYear, state);
  if (!supported) {
    supported = grants
      ? {
          kind: 'separate',
          source: raw.grants,
          preds: [
            ...filterPredicates(rf, raw.grants.cols, { heading: true }),
            sql`g.year between ${rf.from} and ${rf.to}`,
          ],
        }
      : { kind: 'with-grants' };
  }
  return {
    units: units ? rollupSource(units, 'units') : raw.units,
    change: change ? rollupSource(change, 'change') : raw.change,
    grants: grantSource,
    supported,
  };
}
