import type { Metric, MetricValues } from '../../../server/domain/metrics.ts';
import type { Period } from '../../../server/domain/period.ts';
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

/** A comparison: this period's values against an earlier one's. */
export interface KpiComparison {
  current: MetricValues;
  previous: MetricValues;
  /** The earlier period (a year or a range). */
  previousRange: Period;
}

export interface Kpi {
  metric: (typeof OVERVIEW_KPIS)[number];
  /** The value for the page's period (money as its exact decimal string). */
  value: number | string | null;
  /**
   * Change against the comparison: relative for counts and money, a difference in percentage
   * points for coverage (a ratio of ratios would mislead). Null without a comparison.
   */
  change: number | null;
  changeKind: 'relative' | 'points';
  /**
   * Set when the change is the latest year's against the year before (the period has no earlier
   * period of its length, e.g. the whole range): that year's own value, which the card states in
   * words beside the change, since it differs from `value` for the period's flows.
   */
  latest: { year: number; value: number | string | null } | null;
}

function changeOf(
  metric: Kpi['metric'],
  current: MetricValues,
  previous: MetricValues,
): number | null {
  if (metric === 'coverage') {
    return current.coverage !== null && previous.coverage !== null
      ? current.coverage - previous.coverage
      : null;
  }
  if (metric === 'amount') {
    return relativeChange(amountToNumber(current.amount), amountToNumber(previous.amount));
  }
  return relativeChange(current[metric], previous[metric]);
}

/**
 * KPI cards from `stats.summary`: the period's values, compared with the same-length period
 * before (`previous`) when the data has one; otherwise, when `latest` is given (a period of
 * several years), the change is the latest year's against the year before, marked as such.
 */
export function kpisOf(
  current: MetricValues,
  previous: MetricValues | null,
  latest: (KpiComparison & { year: number }) | null = null,
): Kpi[] {
  return OVERVIEW_KPIS.map((metric) => {
    const value = current[metric];
    const changeKind = metric === 'coverage' ? 'points' : 'relative';
    if (previous) {
      return {
        metric,
        value,
        change: changeOf(metric, current, previous),
        changeKind,
        latest: null,
      };
    }
    if (latest) {
      return {
        metric,
        value,
        change: changeOf(metric, latest.current, latest.previous),
        changeKind,
        latest: { year: latest.year, value: latest.current[metric] },
      };
    }
    return { metric, value, change: null, changeKind, latest: null };
  });
}
