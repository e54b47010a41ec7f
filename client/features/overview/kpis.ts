import type { Filters } from '../../../server/domain/filters.ts';
import type { Metric, MetricValues } from '../../../server/domain/metrics.ts';
import { amountToNumber, relativeChange } from '../../lib/format.ts';

/** The overview's KPI cards, in display order. */
export const OVERVIEW_KPIS = [
  'units',
  'employment',
  'supportedUnits',
  'coverage',
  'amount',
  'grants',
] as const satisfies readonly Metric[];

export interface Kpi {
  metric: (typeof OVERVIEW_KPIS)[number];
  /** Current value (money as its exact decimal string). */
  value: number | string | null;
  /**
   * Change against the previous period: relative for counts and money, a difference in
   * percentage points for coverage (a ratio of ratios would mislead). Null without a previous period.
   */
  change: number | null;
  changeKind: 'relative' | 'points';
}

/** KPI cards from `stats.summary` (current vs the same-length previous range). */
export function kpisOf(current: MetricValues, previous: MetricValues | null): Kpi[] {
  return OVERVIEW_KPIS.map((metric) => {
    if (metric === 'coverage') {
      const change =
        previous && current.coverage !== null && previous.coverage !== null
          ? current.coverage - previous.coverage
          : null;
      return { metric, value: current.coverage, change, changeKind: 'points' };
    }
    if (metric === 'amount') {
      return {
        metric,
        value: current.amount,
        change: previous
          ? relativeChange(amountToNumber(current.amount), amountToNumber(previous.amount))
          : null,
        changeKind: 'relative',
      };
    }
    return {
      metric,
      value: current[metric],
      change: previous ? relativeChange(current[metric], previous[metric]) : null,
      changeKind: 'relative',
    };
  });
}

/**
 * The filters the KPI cards use: the page's own, except that with no year range chosen they show
 * the latest year against the year before (the whole dataset has no previous period to compare).
 */
export function kpiFilters(
  filters: Filters,
  years: { min: number; max: number } | undefined,
): Filters {
  if (!years || filters.from !== undefined || filters.to !== undefined) return filters;
  return { ...filters, from: years.max, to: years.max };
}
