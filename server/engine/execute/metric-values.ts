import type { Metric, MetricValues } from '../../domain/metrics.ts';
import type { GroupedRow } from './grouped-metrics.ts';
import type { FactNeeds } from '../planner/query-plan.ts';

export interface YearRange {
  from: number;
  to: number;
}

/** The API's metric values of one group; coverage is a ratio of exact counts. */
export function toMetricValues(row: GroupedRow): MetricValues {
  return {
    units: row.units,
    employment: row.employment,
    supportedUnits: row.supportedUnits,
    coverage: row.units > 0 ? row.supportedUnits / row.units : null,
    grants: row.grants,
    amount: row.amount.toString(),
    employmentChange: row.employmentChange,
  };
}

export const ZERO_METRICS: MetricValues = {
  units: 0,
  employment: 0,
  supportedUnits: 0,
  coverage: null,
  grants: 0,
  amount: '0',
  employmentChange: 0,
};

/** The fact families needed to compute these metrics. */
export function needsOf(metrics: readonly Metric[]): FactNeeds {
  const has = (m: Metric) => metrics.includes(m);
  return {
    units: has('units') || has('employment') || has('coverage'),
    change: has('employmentChange'),
    grants: has('grants') || has('amount'),
    supported: has('supportedUnits') || has('coverage'),
  };
}

/**
 * Orders metric values: money compares exactly (as bigint), a missing ratio sorts last in either
 * direction, ties fall back to the caller's tie-breaker.
 */
export function compareMetric(
  metric: Metric,
  order: 'asc' | 'desc',
): (a: MetricValues, b: MetricValues) => number {
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => {
    if (metric === 'amount') {
      const x = BigInt(a.amount);
      const y = BigInt(b.amount);
      return x === y ? 0 : (x < y ? -1 : 1) * sign;
    }
    const x = a[metric];
    const y = b[metric];
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x - y) * sign;
  };
}

/**
 * compareMetric on grouped rows before their values are built: the same order (money as
 * bigint, a missing coverage last either way), without a string per amount, so a list of
 * thousands of groups (parks) is sorted before the kept rows' values are made.
 */
export function compareGroupedRows(
  metric: Metric,
  order: 'asc' | 'desc',
): (a: GroupedRow, b: GroupedRow) => number {
  const sign = order === 'asc' ? 1 : -1;
  if (metric === 'amount') {
    return (a, b) => (a.amount === b.amount ? 0 : (a.amount < b.amount ? -1 : 1) * sign);
  }
  if (metric === 'coverage') {
    const coverage = (r: GroupedRow) => (r.units > 0 ? r.supportedUnits / r.units : null);
    return (a, b) => {
      const x = coverage(a);
      const y = coverage(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x - y) * sign;
    };
  }
  return (a, b) => (a[metric] === b[metric] ? 0 : (a[metric] - b[metric]) * sign);
}
