import { sql } from 'kysely';
import type { Column, ColumnMap, Expr } from './filter-sql.ts';
import type { RollupTable } from '../planner/rollup-catalog.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';
import { countAll, distinctCount, moneySum, quarterOf, sizeCase, sumOf } from './metric-sql.ts';

/**
 * A fact source: where one family of facts can be read (the raw tables, or a rollup) and how each
 * filter/group column is computed there. Every query builds its SQL from these, so the raw and
 * rollup paths share the filter and group-by code and can only differ in the table they read.
 */
export interface FactSource {
  /** 'raw' or the rollup table's name (tests and diagnostics assert on it). */
  name: string;
  from: Expr;
  cols: ColumnMap;
  /** Change facts: the baseline year (the fact's `year` column is the later year). */
  fromYear?: Expr;
  /** Fixed predicates of the source (e.g. disbursed grants only). */
  where: Expr[];
  measures: Record<string, Expr>;
}

/** Units with an employment row, one row per unit and year. */
export function rawUnitSource(): FactSource {
  return {
    name: 'raw',
    from: sql`units u join employment e on e.unit_id = u.id`,
    cols: {
      province: sql`u.province_id`,
      park: sql`u.park_id`,
      cluster: sql`u.cluster_id`,
      sector: sql`u.sector_id`,
      size: sizeCase(sql`e.employees`),
      year: sql`e.year`,
      unit: sql`u.id`,
    },
    where: [],
    measures: { units: countAll(), employment: sumOf(sql`e.employees`) },
  };
}

/** Units present in two years (e1 = baseline, e2 = later): size is the later year's. */
export function rawChangeSource(): FactSource {
  return {
    name: 'raw',
    from: sql`units u join employment e2 on e2.unit_id = u.id join employment e1 on e1.unit_id = u.id`,
    cols: {
      province: sql`u.province_id`,
      park: sql`u.park_id`,
      cluster: sql`u.cluster_id`,
      sector: sql`u.sector_id`,
      size: sizeCase(sql`e2.employees`),
      year: sql`e2.year`,
      unit: sql`u.id`,
    },
    fromYear: sql`e1.year`,
    where: [],
    measures: { change: sumOf(sql`e2.employees - e1.employees`) },
  };
}

export interface RawGrantNeeds {
  /**
   * 'inner' when a size filter drops grants of units without a size in the population year,
   * 'left' to group by size, else none.
   */
  size: 'none' | 'left' | 'inner';
  category: boolean;
  /**
   * Join units (default true). The planner skips it when no unit column is filtered or grouped
   * by: it costs a lookup per grant.
   */
  unit?: boolean;
  /** Distinct supported units are measured (default true): needs the population year's row. */
  supported?: boolean;
  /**
   * The year whose employment row makes a unit counted and gives its size (metrics.ts): the
   * period's `to`, or `g.year` when each year is its own period (per-year rows).
   */
  populationYear: Expr;
}

/** The population year of resolved filters: `to`, or each grant's own year for per-year rows. */
export function populationYearOf(to: number, perYear: boolean): Expr {
  return perYear ? sql`g.year` : sql`${to}`;
}

/**
 * Disbursed grants with their unit and, when needed, the unit's employment row in the population
 * year (`ep`): its size, and whether the unit is counted there. `grants` and `amount` count every
 * grant; `supported` counts distinct units only among the counted ones (coverage's numerator is
 * a subset of its denominator, metrics.ts).
 */
export function rawGrantSource(needs: RawGrantNeeds): FactSource {
  const unit = needs.unit ?? true;
  const supported = needs.supported ?? true;
  const joins: Expr[] = [unit ? sql`grants g join units u on u.id = g.unit_id` : sql`grants g`];
  if (needs.category) joins.push(sql`join support_headings h on h.id = g.heading_id`);
  const population = needs.size !== 'none' || supported;
  if (population) {
    const kind = needs.size === 'inner' ? sql`join` : sql`left join`;
    joins.push(
      sql`${kind} employment ep on ep.unit_id = g.unit_id and ep.year = ${needs.populationYear}`,
    );
  }
  return {
    name: 'raw',
    from: sql.join(joins, sql` `),
    cols: {
      ...(unit
        ? {
            province: sql`u.province_id`,
            park: sql`u.park_id`,
            cluster: sql`u.cluster_id`,
            sector: sql`u.sector_id`,
          }
        : {}),
      ...(population ? { size: sizeCase(sql`ep.employees`) } : {}),
      category: sql`h.category_id`,
      heading: sql`g.heading_id`,
      year: sql`g.year`,
      quarter: quarterOf(sql`g.month`),
      month: sql`g.month`,
      unit: sql`g.unit_id`,
    },
    where: [sql`g.status = 'disbursed'`],
    measures: {
      grants: countAll(),
      amount: moneySum(sql`g.disbursed_amount`),
      ...(supported
        ? { supported: distinctCount(sql`case when ep.unit_id is not null then g.unit_id end`) }
        : {}),
    },
  };
}

const UNIT_COLUMNS: readonly Column[] = ['province', 'park', 'cluster', 'sector'];

/**
 * The raw grants for these filters and group-by, joining only what they need. `perYear` makes each grant's own year
 * its population year; `supported` asks for distinct supported units too (an extra lookup).
 */
export function rawGrantsFor(
  rf: ResolvedFilters,
  dims: readonly Column[],
  perYear = false,
  supported = true,
): FactSource {
  return rawGrantSource({
    size: rf.sizes !== null ? 'inner' : dims.includes('size') ? 'left' : 'none',
    category: dims.includes('category'),
    unit:
      UNIT_COLUMNS.some((c) => dims.includes(c)) ||
      [rf.provinces, rf.parks, rf.clusters, rf.sectors].some((ids) => ids !== null),
    supported,
    populationYear: populationYearOf(rf.to, perYear),
  });
}

/** Column name of each logical column in the rollup tables. */
const ROLLUP_COLUMN: Record<Exclude<Column, 'quarter' | 'unit'>, string> = {
  province: 'province_id',
  park: 'park_id',
  cluster: 'cluster_id',
  sector: 'sector_id',
  size: 'size',
  category: 'category_id',
  heading: 'heading_id',
  year: 'year',
  month: 'month',
};

/** A rollup table as the planner sees it: its name and the columns it can filter/group by. */
export interface RollupDef {
  table: RollupTable;
  cols: readonly Column[];
}

/** Builds the fact source of a rollup table; `year` maps to `to_year` in change rollups. */
export function rollupSource(def: RollupDef, kind: 'units' | 'change' | 'grants'): FactSource {
  const cols: ColumnMap = {};
  for (const c of def.cols) {
    if (c === 'quarter') cols.quarter = quarterOf(sql.ref('r.month'));
    else if (c === 'year' && kind === 'change') cols.year = sql.ref('r.to_year');
    else if (c !== 'unit') cols[c] = sql.ref(`r.${ROLLUP_COLUMN[c]}`);
  }
  const measures: Record<string, Expr> =
    kind === 'units'
      ? { units: sumOf(sql`r.units`), employment: sumOf(sql`r.employment`) }
      : kind === 'change'
        ? { change: sumOf(sql`r.change`) }
        : { grants: sumOf(sql`r.grants`), amount: moneySum(sql`r.amount`) };
  return {
    name: def.table,
    from: sql`${sql.table(def.table)} r`,
    cols,
    ...(kind === 'change' ? { fromYear: sql.ref('r.from_year') } : {}),
    where: [],
    measures,
  };
}
