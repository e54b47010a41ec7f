// Achievement against the plan (issue #18, docs/plans.md): which targets answer a view, how they
// add up, and how far through its year the plan should be. Pure: the queries and the client share
// it, so a KPI card, the /plan page, an export column and a key message divide the same numbers.
import type { Dimension } from './dimensions.ts';
import type { Filters } from './filters.ts';
import type { Period } from './period.ts';
import { targetCode, type PlanMetric } from './plan.ts';
import { jalaliDayOfYear, jalaliYearLength, type JalaliDate } from './jalali.ts';
import { PROVINCE_CODES } from './reference.ts';
import type { Scope } from './scope.ts';

/** One stored target, by codes (server/queries/targets.ts reads them scoped). */
export interface PlanTarget {
  year: number;
  /** ISO province code; null for the whole country. */
  province: string | null;
  /** Category (FIN) or heading (FIN-01) code; null for every heading. */
  support: string | null;
  metric: PlanMetric;
  value: bigint;
}

/** The targets' side of a view: its place, support selection and period. */
export interface PlanSelection {
  /** null: the whole country (a national caller, no province filter); else these provinces. */
  provinces: string[] | null;
  /** null: every heading; else these categories or these headings (never both). */
  supports: string[] | null;
  period: Period;
}

/**
 * Why a view has no target at all, whatever was imported: targets are set per year, province and
 * support only, so a park, cluster, sector or size filter asks something no plan states.
 * - `filters`: the view filters by park, cluster, sector or size;
 * - `supportMix`: the view filters by categories and headings at once;
 * - `distinct`: supported units of several categories/headings are no sum of their targets (a
 *   unit supported under two counts once);
 * - `multiYear`: supported units over several years are no sum of yearly targets, for the same reason.
 */
export type NoTargetReason = 'filters' | 'supportMix' | 'distinct' | 'multiYear';

/** A (year, place, support) a view needs a target for and the plan does not state. */
export interface MissingTarget {
  year: number;
  province: string | null;
  support: string | null;
}

export interface ViewTarget {
  metric: PlanMetric;
  /** The target (decimal string, exact), or null when the view has none. */
  target: string | null;
  reason: NoTargetReason | null;
  /** The targets the view lacks, when some of the ones it needs exist and others do not. */
  missing: MissingTarget[];
  /**
   * Expected achievement by today if the plan is kept to: the share of each plan year elapsed,
   * weighted by that year's target (1 once the period is over, 0 before it starts). Null
   * without a target.
   */
  pace: number | null;
  /** Does the period include the current Jalali year (so the pace marker is not simply 100%)? */
  current: boolean;
}

/**
 * The targets' side of a view: null when the view filters by something no target is set for.
 * The place is the province filter within the caller's scope, or the scope's provinces, or the
 * whole country for a national caller with no province filter.
 */
export function planSelection(
  filters: Filters,
  scope: Scope,
  period: Period,
): PlanSelection | NoTargetReason {
  if (
    filters.park.length > 0 ||
    filters.cluster.length > 0 ||
    filters.sector.length > 0 ||
    filters.size.length > 0
  ) {
    return 'filters';
  }
  if (filters.category.length > 0 && filters.heading.length > 0) return 'supportMix';
  const scoped = scope.provinces;
  const provinces =
    filters.province.length > 0
      ? filters.province.filter((p) => scoped === 'all' || scoped.includes(p))
      : scoped === 'all'
        ? null
        : [...scoped];
  const supports =
    filters.category.length > 0
      ? [...filters.category]
      : filters.heading.length > 0
        ? [...filters.heading]
        : null;
  return { provinces, supports, period };
}

/** A group of a breakdown row: the dimension members the row stands for. */
export type PlanGroup = Partial<Record<Dimension, string>>;

/**
 * The targets' side of one breakdown row: the view's selection with the row's own province,
 * category, heading or Jalali year in place of the view's. A row of a park, cluster, sector or
 * size asks something no plan states (`filters`); a category row under a heading filter, or a
 * category × heading row, is part of a category (`supportMix`). The /plan rankings and the
 * breakdown exports' target columns both read their targets through this.
 * @example groupSelection(filters, scope, { from: 1401, to: 1402 }, { year: '1402' })
 *   // → the view's place and support, for 1402 alone
 */
export function groupSelection(
  filters: Filters,
  scope: Scope,
  period: Period,
  group: PlanGroup,
): PlanSelection | NoTargetReason {
  const unplanned = ['park', 'cluster', 'sector', 'size'] as const;
  if (unplanned.some((d) => group[d] !== undefined)) return 'filters';
  const { province, category, heading, year } = group;
  if (category !== undefined && (heading !== undefined || filters.heading.length > 0)) {
    return 'supportMix';
  }
  const own: Filters = {
    ...filters,
    ...(province !== undefined ? { province: [province] } : {}),
    ...(category !== undefined ? { category: [category], heading: [] } : {}),
    ...(heading !== undefined ? { heading: [heading], category: [] } : {}),
  };
  const y = year !== undefined && /^\d+$/.test(year) ? Number(year) : null;
  return planSelection(own, scope, y === null ? period : { from: y, to: y });
}

/** Flows add over years and headings; stocks are counted in `to`; supported units are distinct. */
function yearsOf(metric: PlanMetric, period: Period): number[] | 'multiYear' {
  if (metric === 'units' || metric === 'employment') return [period.to];
  if (metric === 'supportedUnits' && period.from !== period.to) return 'multiYear';
  return Array.from({ length: period.to - period.from + 1 }, (_, i) => period.from + i);
}

/**
 * The target a view answers for `metric`: the sum over the cells it needs (years × places ×
 * supports), or null with the cells that lack one — never a total from part of the cells. A
 * national view takes the national target, or else the sum of all 31 provinces' when every one
 * is set. Units and employment take the «همه» target whatever the support filter: they count
 * units whatever support they had.
 */
export function targetForView(
  targets: readonly PlanTarget[],
  selection: PlanSelection | NoTargetReason,
  metric: PlanMetric,
  today: JalaliDate,
): ViewTarget {
  const none = (reason: NoTargetReason | null, missing: MissingTarget[] = []): ViewTarget => ({
    metric,
    target: null,
    reason,
    missing,
    pace: null,
    current: false,
  });
  if (typeof selection === 'string') return none(selection);
  const years = yearsOf(metric, selection.period);
  if (years === 'multiYear') return none('multiYear');
  const supports =
    metric === 'units' || metric === 'employment' ? [null] : (selection.supports ?? [null]);
  if (metric === 'supportedUnits' && supports.length > 1) return none('distinct');

  const byCode = new Map<string, bigint>();
  for (const t of targets) byCode.set(targetCode(t.year, t.province, t.support, t.metric), t.value);
  const sumOver = (places: readonly (string | null)[]) => {
    const byYear = new Map<number, bigint>();
    const missing: MissingTarget[] = [];
    for (const year of years)
      for (const province of places)
        for (const support of supports) {
          const v = byCode.get(targetCode(year, province, support, metric));
          if (v === undefined) missing.push({ year, province, support });
          else byYear.set(year, (byYear.get(year) ?? 0n) + v);
        }
    return { byYear, missing };
  };
  let cells = sumOver(selection.provinces ?? [null]);
  if (selection.provinces === null && cells.missing.length > 0) {
    // No national figure: the provinces' add up to one only when every province has its own;
    // when some do, the view says which provinces lack one.
    const provincial = sumOver(PROVINCE_CODES);
    if (provincial.missing.length === 0 || (cells.byYear.size === 0 && provincial.byYear.size > 0))
      cells = provincial;
  }
  if (cells.missing.length > 0) {
    // Nothing set at all reads as "no target", not as a list of every cell.
    const anySet = cells.byYear.size > 0;
    return none(null, anySet ? cells.missing : []);
  }
  const total = [...cells.byYear.values()].reduce((s, v) => s + v, 0n);
  return {
    metric,
    target: total.toString(),
    reason: null,
    missing: [],
    pace: expectedPace(cells.byYear, today),
    current: years.includes(today.year),
  };
}

/** Share of a Jalali year elapsed at the end of `today` (0 before the year, 1 after it). */
export function yearElapsed(year: number, today: JalaliDate): number {
  if (year < today.year) return 1;
  if (year > today.year) return 0;
  return jalaliDayOfYear(today) / jalaliYearLength(year);
}

/** Expected achievement by today: each year's target weighted by how much of it has passed. */
export function expectedPace(byYear: ReadonlyMap<number, bigint>, today: JalaliDate): number {
  let total = 0;
  let due = 0;
  for (const [year, value] of byYear) {
    const v = Number(value);
    total += v;
    due += v * yearElapsed(year, today);
  }
  return total > 0 ? due / total : yearElapsed(Math.max(...byYear.keys()), today);
}
