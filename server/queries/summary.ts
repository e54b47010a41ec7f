import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import type { MetricValues } from '../domain/metrics.ts';
import { previousPeriod } from '../domain/period.ts';
import type { Scope } from '../domain/scope.ts';
import { ALL_FACTS, getGroupedMetrics } from './grouped-metrics.ts';
import { offloadTo, readsRawTables, workerOptions } from './offload.ts';
import {
  toMetricValues,
  ZERO_METRICS,
  type QueryOptions,
  type YearRange,
} from './metric-values.ts';
import { resolveFilters, withRange, type ResolvedFilters } from './resolve-filters.ts';

export interface SummaryResult {
  range: YearRange;
  current: MetricValues;
  /** The same-length range just before (from−n..to−n); null when it starts before the data. */
  previousRange: YearRange | null;
  previous: MetricValues | null;
}

/** Every metric for resolved filters over their whole range. */
export async function metricsFor(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  options: QueryOptions = {},
): Promise<MetricValues> {
  const [row] = await getGroupedMetrics(db, rf, [], undefined, { source: options.source });
  return row ? toMetricValues(row) : ZERO_METRICS;
}

/**
 * Every metric for the filters, and for the previous range of the same length (change arrows).
 * Example: from=1401,to=1402 → previous 1399..1400.
 */
export async function getSummary(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: QueryOptions = {},
): Promise<SummaryResult> {
  const rf = await resolveFilters(db, scope, filters);
  const pool = await offloadTo(db, options, () => readsRawTables(db, rf, [], ALL_FACTS, options));
  if (pool) return pool.run('getSummary', [scope, filters, workerOptions(options)]);
  const prev = previousPeriod(rf, rf.years);
  const [current, previous] = await Promise.all([
    metricsFor(db, rf, options),
    prev ? metricsFor(db, withRange(rf, prev.from, prev.to), options) : null,
  ]);
  return { range: { from: rf.from, to: rf.to }, current, previousRange: prev, previous };
}
