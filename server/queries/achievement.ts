import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  groupSelection,
  planSelection,
  targetForView,
  type ViewTarget,
} from '../domain/achievement.ts';
import type { Filters } from '../domain/filters.ts';
import type { JalaliDate } from '../domain/jalali.ts';
import type { MetricValues } from '../domain/metrics.ts';
import type { Period } from '../domain/period.ts';
import { achievementOf } from '../domain/achievement-ratio.ts';
import { PLAN_METRICS, type PlanDimension, type PlanMetric } from '../domain/plan.ts';
import { CATEGORIES, HEADINGS, PROVINCES } from '../domain/reference.ts';
import type { Scope } from '../domain/scope.ts';
import { getBreakdown, MAX_BREAKDOWN_LIMIT } from './breakdown.ts';
import type { QueryOptions } from '../engine/planner/query-plan.ts';
import { resolveFilters } from '../engine/filters/resolve-filters.ts';
import { getSummary } from './summary.ts';
import { getTargets } from './targets.ts';

export { PLAN_DIMENSIONS, type PlanDimension } from '../domain/plan.ts';

/** One row of a plan ranking: the same actual as the view's breakdown row, its target. */
export interface PlanRow {
  key: string;
  nameFa: string;
  nameEn: string;
  /** The metric's value, as the breakdown returns it (money a decimal string). */
  actual: number | string;
  target: string | null;
  /** actual ÷ target, null without a target. */
  achievement: number | null;
}

export interface PlanResult {
  period: Period;
  metric: PlanMetric;
  by: PlanDimension;
  /** The view's own target (what its KPI card answers), with its pace and what it lacks. */
  total: ViewTarget & { actual: number | string; achievement: number | null };
  /** Every group with data or with a target, best achievement first, those without one last. */
  rows: PlanRow[];
  /** Keys of rows with no target: the page says the plan covers only part of them. */
  withoutTarget: string[];
}

const NAMES: Record<PlanDimension, ReadonlyMap<string, { nameFa: string; nameEn: string }>> = {
  province: new Map(PROVINCES.map((p) => [p.code, p])),
  category: new Map(CATEGORIES.map((c) => [c.code, c])),
  heading: new Map(HEADINGS.map((h) => [h.code, h])),
};

/** A view's target with the view's actual divided by it (a KPI card's plan line). */
export type ViewAchievement = ViewTarget & { achievement: number | null };

/**
 * The targets a view answers, one per plan metric (KPI cards): the sums of what the plan states
 * for the view's period, place and support, with the expected pace on `today`, and the
 * achievement of the view's summary (the very query the cards show).
 */
export async function getViewTargets(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  today: JalaliDate,
  options: QueryOptions = {},
): Promise<{ period: Period; targets: Record<PlanMetric, ViewAchievement> }> {
  const rf = await resolveFilters(db, scope, filters);
  const period = { from: rf.from, to: rf.to };
  const targets = await getTargets(db, scope, period);
  const selection = planSelection(filters, scope, period);
  const views = PLAN_METRICS.map((m) => targetForView(targets, selection, m, today));
  // The summary only when some target needs dividing into.
  const current = views.some((v) => v.target !== null)
    ? (await getSummary(db, scope, filters, options)).current
    : null;
  const entries = views.map((v) => [
    v.metric,
    { ...v, achievement: current ? achievementOf(current[v.metric], v.target) : null },
  ]);
  return {
    period,
    targets: Object.fromEntries(entries) as Record<PlanMetric, ViewAchievement>,
  };
}

/**
 * Achievement of one metric by province, category or heading: the actuals are the breakdown's
 * rows (the same query as the view's charts and exports), each against its own target. Groups
 * with a target and no activity appear with a zero actual; groups without a target come last and
 * are listed in `withoutTarget`. Totals are never built from part of the groups' targets.
 */
export async function getPlan(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  input: { metric: PlanMetric; by: PlanDimension },
  today: JalaliDate,
  options: QueryOptions = {},
): Promise<PlanResult> {
  const { metric, by } = input;
  const rf = await resolveFilters(db, scope, filters);
  const period = { from: rf.from, to: rf.to };
  const [targets, breakdown] = await Promise.all([
    getTargets(db, scope, period),
    getBreakdown(
      db,
      scope,
      filters,
      { by, metrics: [metric], sort: metric, limit: MAX_BREAKDOWN_LIMIT },
      options,
    ),
  ]);
  const view = targetForView(targets, planSelection(filters, scope, period), metric, today);
  const actualOf = (v: MetricValues) => v[metric];

  // Each row's place or support replaces the view's; the rest of the view stays.
  const rowSelection = (key: string) => groupSelection(filters, scope, period, { [by]: key });

  const seen = new Map(breakdown.rows.map((r) => [r.key, r]));
  const keys = new Set(seen.keys());
  // Groups the plan names but the data does not (nothing paid yet): a zero against a target.
  for (const t of targets) {
    if (t.metric !== metric) continue;
    const key = by === 'province' ? t.province : supportKey(t.support, by);
    if (key !== null && inView(key, by, filters)) keys.add(key);
  }
  const rows: PlanRow[] = [...keys].flatMap((key) => {
    const names = seen.get(key) ?? NAMES[by].get(key);
    if (!names) return [];
    const row = seen.get(key);
    const actual = row ? actualOf(row) : metric === 'amount' ? '0' : 0;
    if (actual === null) return [];
    const { target } = targetForView(targets, rowSelection(key), metric, today);
    return [
      {
        key,
        nameFa: names.nameFa,
        nameEn: names.nameEn,
        actual,
        target,
        achievement: achievementOf(actual, target),
      },
    ];
  });
  rows.sort(
    (a, b) =>
      (b.achievement ?? -1) - (a.achievement ?? -1) ||
      (a.achievement === null ? byActual(a, b) : 0) ||
      a.key.localeCompare(b.key),
  );
  const actual = actualOf(breakdown.total) ?? 0;
  return {
    period,
    metric,
    by,
    total: { ...view, actual, achievement: achievementOf(actual, view.target) },
    rows,
    withoutTarget: rows.filter((r) => r.target === null).map((r) => r.key),
  };
}

function byActual(a: PlanRow, b: PlanRow): number {
  const x = BigInt(a.actual);
  const y = BigInt(b.actual);
  return x === y ? 0 : x > y ? -1 : 1;
}

/** A target's support as a row key of `by`: category targets for category rows, and so on. */
function supportKey(support: string | null, by: 'category' | 'heading'): string | null {
  if (support === null) return null;
  const isCategory = NAMES.category.has(support);
  return (by === 'category') === isCategory ? support : null;
}

/** Would the view's filters show this group at all? */
function inView(key: string, by: PlanDimension, filters: Filters): boolean {
  if (by === 'province') return filters.province.length === 0 || filters.province.includes(key);
  if (by === 'category') return filters.category.length === 0 || filters.category.includes(key);
  const category = HEADINGS.find((h) => h.code === key)?.category;
  return (
    (filters.heading.length === 0 || filters.heading.includes(key)) &&
    (filters.category.length === 0 ||
      (category !== undefined && filters.category.includes(category)))
  );
}
