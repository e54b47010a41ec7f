import { sql, type RawBuilder } from 'kysely';
import { DIMENSIONS } from '../../domain/dimensions.ts';
import type { ResolvedFilters } from '../filters/resolve-filters.ts';

/** SQL fragments are untyped expressions; the column they compute is named by the caller. */
export type Expr = RawBuilder<unknown>;

/**
 * The columns a fact source can expose. Filters and group-bys are written once against these
 * names; each source (raw tables or a rollup) maps them to its own expressions.
 */
export const COLUMNS = [...DIMENSIONS, 'quarter', 'month', 'unit'] as const;
export type Column = (typeof COLUMNS)[number];

export type ColumnMap = Partial<Record<Column, Expr>>;

/** `expr in (…)`; an empty list matches nothing (never emit the invalid `in ()`). */
export function inList(expr: Expr, ids: readonly number[]): Expr {
  if (ids.length === 0) return sql`1 = 0`;
  if (ids.length === 1) return sql`${expr} = ${ids[0]}`;
  return sql`${expr} in (${sql.join(ids)})`;
}

/** Joins predicates with AND (an empty list is true). */
export function and(preds: readonly Expr[]): Expr {
  return preds.length === 0 ? sql`1 = 1` : sql.join(preds, sql` and `);
}

/** Which filter groups apply to a fact: unit metrics ignore the support (heading) filters. */
export interface FilterUse {
  heading: boolean;
}

/**
 * The columns a fact must expose to apply these filters (the scope is the province predicate).
 * Used by the planner (query-plan.ts) to decide which rollup can answer.
 */
export function filterColumns(rf: ResolvedFilters, use: FilterUse): Column[] {
  const cols: Column[] = [];
  if (rf.provinces !== null) cols.push('province');
  if (rf.parks !== null) cols.push('park');
  if (rf.clusters !== null) cols.push('cluster');
  if (rf.sectors !== null) cols.push('sector');
  if (rf.sizes !== null) cols.push('size');
  if (use.heading && rf.headings !== null) cols.push('heading');
  return cols;
}

/**
 * Scope + filter predicates against a source's columns: the one place filters become SQL.
 * Throws if the source lacks a needed column (the planner never lets that happen).
 */
export function filterPredicates(rf: ResolvedFilters, cols: ColumnMap, use: FilterUse): Expr[] {
  const preds: Expr[] = [];
  const add = (column: Column, ids: number[] | null) => {
    if (ids === null) return;
    const expr = cols[column];
    if (!expr) throw new Error(`fact source cannot filter by ${column}`);
    preds.push(inList(expr, ids));
  };
  add('province', rf.provinces);
  add('park', rf.parks);
  add('cluster', rf.clusters);
  add('sector', rf.sectors);
  add('size', rf.sizes);
  if (!use.heading) return preds;
  // A source without headings (ru_grants_cat) answers whole categories by their category ids.
  if (!cols.heading && rf.wholeCategories !== null) add('category', rf.wholeCategories);
  else add('heading', rf.headings);
  return preds;
}
