import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { achievementOf } from '../../domain/achievement-ratio.ts';
import {
  groupSelection,
  planSelection,
  targetForView,
  type PlanGroup,
} from '../../domain/achievement.ts';
import type { Filters } from '../../domain/filters.ts';
import type { JalaliDate } from '../../domain/jalali.ts';
import type { Metric, MetricValues } from '../../domain/metrics.ts';
import { isPlanMetric, type PlanMetric } from '../../domain/plan.ts';
import type { Scope } from '../../domain/scope.ts';
import type { BreakdownResult, BreakdownRow } from '../../queries/breakdown.ts';
import { resolveFilters } from '../../engine/filters/resolve-filters.ts';
import { getTargets } from '../../queries/targets.ts';
import { planColumns } from '../columns.ts';
import type { Cell, ExportColumn } from '../table.ts';

/**
 * Target and achievement columns of a breakdown export (issue #18, docs/plans.md): for each plan
 * metric the file holds, the target of exactly what a row answers — the view with the row's own
 * province, category, heading or year (`groupSelection`, the same rule as the /plan rankings) —
 * and actual ÷ target. The total row takes the view's own target (what its KPI card shows). A
 * cell is empty, never 0, where the plan sets no target for the row, and the «سایر» row (groups
 * past the limit) is always empty: a sum of some groups' targets is not a plan. Columns appear
 * only for metrics with at least one target in the file, so a dataset without a plan exports as
 * before.
 */
export interface PlanColumns {
  columns: ExportColumn[];
  /** The cells of a row (null: the others row), in `columns` order. */
  cells(row: BreakdownRow | null): Cell[];
  /** The total row's cells. */
  totalCells(): Cell[];
}

export async function breakdownPlanColumns(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  result: BreakdownResult,
  metrics: readonly Metric[],
  today: JalaliDate,
): Promise<PlanColumns> {
  const planned = metrics.filter(isPlanMetric);
  if (planned.length === 0) return { columns: [], cells: () => [], totalCells: () => [] };
  const rf = await resolveFilters(db, scope, filters);
  const period = { from: rf.from, to: rf.to };
  const targets = await getTargets(db, scope, period);

  type Pair = [target: Cell, achievement: Cell];
  const pairs = (
    values: MetricValues,
    selection: ReturnType<typeof planSelection>,
  ): Map<PlanMetric, Pair> =>
    new Map(
      planned.map((m) => {
        const { target } = targetForView(targets, selection, m, today);
        const cell: Cell = target === null ? null : m === 'amount' ? target : Number(target);
        return [m, [cell, achievementOf(values[m], target)]];
      }),
    );
  const groupOf = (r: BreakdownRow): PlanGroup => ({
    [result.by]: r.key,
    ...(result.by2 && r.key2 !== undefined ? { [result.by2]: r.key2 } : {}),
  });
  const rowPairs = new Map(
    result.rows.map((r) => [r, pairs(r, groupSelection(filters, scope, period, groupOf(r)))]),
  );
  const totalPairs = pairs(result.total, planSelection(filters, scope, period));

  const shown = planned.filter(
    (m) =>
      totalPairs.get(m)?.[0] !== null || [...rowPairs.values()].some((p) => p.get(m)?.[0] !== null),
  );
  const columns = shown.flatMap(planColumns);
  const cellsOf = (p: Map<PlanMetric, Pair> | undefined): Cell[] =>
    shown.flatMap((m) => p?.get(m) ?? [null, null]);
  return {
    columns,
    cells: (row) => cellsOf(row === null ? undefined : rowPairs.get(row)),
    totalCells: () => cellsOf(totalPairs),
  };
}
