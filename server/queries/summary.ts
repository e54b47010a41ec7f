import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Filters } from '../domain/filters.ts';
import type { MetricValues } from '../domain/metrics.ts';
import { previousPeriod } from '../domain/period.ts';
import type { Scope } from '../domain/scope.ts';
import { memoised, type AnswerMemo } from './answer-memo.ts';
import { getGroupedMetrics } from '../engine/execute/grouped-metrics.ts';
import { toMetricValues, ZERO_METRICS, type YearRange } from '../engine/execute/metric-values.ts';
import {
  ALL_FACTS,
  planFor,
  workerOptions,
  type QueryOptions,
  type ReadPlan,
} from '../engine/planner/query-plan.ts';
import {
  resolveFilters,
  withRange,
  type ResolvedFilters,
} from '../engine/filters/resolve-filters.ts';

export interface SummaryResult {
  range: YearRange;
  current: MetricValues;
  /** The same-length range just before (from−n..to−n); null when it starts before the data. */
  previousRange: YearRange | null;
  previous: MetricValues | null;
}

/** Every metric for resolved filters over their whole range, read as planned (no group-by). */
export async function metricsFor(
  db: Kysely<Database>,
  rf: ResolvedFilters,
  read: ReadPlan,
): Promise<MetricValues> {
  const [row] = await getGroupedMetrics(db, rf, read);
  return row ? toMetricValues(row) : ZERO_METRICS;
}

/**
 * Every metric for the filters, and for the previous range of the same length (change arrows).
 * Example: from=1401,to=1402 → previous 1399..1400. With a `memo` (the HTTP API's), an answer
 * already computed for the same scope, filters and data version is reused (answer-memo.ts).
 */
export function getSummary(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: QueryOptions & { memo?: AnswerMemo | undefined; dataToken?: string | null } = {},
): Promise<SummaryResult> {
  const { memo, dataToken, ...rest } = options;
  if (!memo) return computeSummary(db, scope, filters, rest);
  return memoised(
    memo,
    db,
    ['summary', scope, filters, rest.source ?? 'auto'],
    () => computeSummary(db, scope, filters, rest),
    dataToken === undefined ? {} : { version: dataToken },
  );
}

async function computeSummary(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  options: QueryOptions,
): Promise<SummaryResult> {
  const rf = await resolveFilters(db, scope, filters);
  const prev = previousPeriod(rf, rf.years);
  const prevRf = prev ? withRange(rf, prev.from, prev.to) : null;
  const plan = await planFor(
    db,
    {
      query: 'summary',
      reads: [
        { rf, dims: [], needs: ALL_FACTS },
        ...(prevRf ? [{ rf: prevRf, dims: [], needs: ALL_FACTS }] : []),
      ],
    },
    options,
  );
  if (plan.runs === 'worker' && options.pool) {
    return options.pool.run('getSummary', [scope, filters, workerOptions(options, plan)]);
  }
  const [currentRead, previousRead] = plan.reads;
  if (!currentRead) throw new Error('summary plan without a read');
  const [current, previous] = await Promise.all([
    metricsFor(db, rf, currentRead),
    prevRf && previousRead ? metricsFor(db, prevRf, previousRead) : null,
  ]);
  return { range: { from: rf.from, to: rf.to }, current, previousRange: prev, previous };
}
