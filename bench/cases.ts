import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import type { Dimension } from '../server/domain/dimensions.ts';
import type { Filters } from '../server/domain/filters.ts';
import { effectivePeriod, previousPeriod, type DataYears } from '../server/domain/period.ts';
import { ALL_SCOPE } from '../server/domain/scope.ts';
import { getBreakdown } from '../server/queries/breakdown.ts';
import { getDrill } from '../server/queries/drill.ts';
import { getImpact } from '../server/queries/impact.ts';
import { getSummary } from '../server/queries/summary.ts';
import { getTimeseries } from '../server/queries/timeseries.ts';

/** One benchmarked question: a tRPC procedure and its input for a filter set. */
export interface BenchCase {
  /** Label in the table, e.g. `stats.breakdown by=province×year`. */
  label: string;
  /** tRPC path, e.g. `stats.breakdown`. */
  path: string;
  input(filters: Filters): unknown;
  /** The same question asked of the query functions on the raw tables (DuckDB replays its SQL). */
  raw?(db: Kysely<Database>, filters: Filters): Promise<unknown>;
  /** Dashboard widgets carry the p95 target; drill-down tables and impact are reported only. */
  widget: boolean;
}

const RAW = { source: 'raw' } as const;

function breakdownCase(by: Dimension, by2?: Dimension): BenchCase {
  return {
    label: `stats.breakdown by=${by}${by2 ? `×${by2}` : ''}`,
    path: 'stats.breakdown',
    input: (filters) => ({ filters, by, ...(by2 ? { by2 } : {}) }),
    raw: (db, filters) =>
      getBreakdown(db, ALL_SCOPE, filters, { by, ...(by2 ? { by2 } : {}) }, RAW),
    widget: true,
  };
}

const BY: Dimension[] = [
  'province',
  'park',
  'cluster',
  'sector',
  'size',
  'category',
  'heading',
  'year',
];
const PAIRS: [Dimension, Dimension][] = [
  ['province', 'year'],
  ['heading', 'province'],
  ['sector', 'size'],
  ['category', 'year'],
];

/** Every procedure of the API: breakdown by each dimension and a few pairs, each time grain, drills. */
export const BENCH_CASES: BenchCase[] = [
  { label: 'meta.dimensions', path: 'meta.dimensions', input: () => undefined, widget: true },
  {
    label: 'stats.summary',
    path: 'stats.summary',
    input: (filters) => ({ filters }),
    raw: (db, filters) => getSummary(db, ALL_SCOPE, filters, RAW),
    widget: true,
  },
  ...BY.map((by) => breakdownCase(by)),
  ...PAIRS.map(([by, by2]) => breakdownCase(by, by2)),
  ...(['year', 'quarter', 'month'] as const).map((grain): BenchCase => ({
    label: `stats.timeseries grain=${grain}`,
    path: 'stats.timeseries',
    input: (filters) => ({ filters, grain }),
    raw: (db, filters) => getTimeseries(db, ALL_SCOPE, filters, grain, RAW),
    widget: true,
  })),
  ...(['park', 'cluster', 'unit'] as const).map((level): BenchCase => ({
    label: `stats.drill level=${level}`,
    path: 'stats.drill',
    input: (filters) => ({ filters, level, pageSize: 50 }),
    raw: (db, filters) => getDrill(db, ALL_SCOPE, filters, { level, pageSize: 50 }, RAW),
    widget: false,
  })),
  {
    label: 'stats.impact',
    path: 'stats.impact',
    input: (filters) => ({ filters }),
    raw: (db, filters) => getImpact(db, ALL_SCOPE, filters, RAW),
    widget: false,
  },
];

/**
 * The Overview page's requests (client/features/overview): dimensions, the trend, uptake by
 * category, the province map, the top clusters and the KPI summary for the page's period, plus
 * the latest year's when that period has no predecessor (use-kpis.ts), as one tRPC batch.
 */
export function overviewBatch(
  filters: Filters,
  years: DataYears,
): { path: string; input: unknown }[] {
  const period = effectivePeriod(filters, years, years.max);
  const latest =
    previousPeriod(period, years) === null && period.to > period.from
      ? [
          {
            path: 'stats.summary',
            input: { filters: { ...filters, from: period.to, to: period.to } },
          },
        ]
      : [];
  return [
    { path: 'meta.dimensions', input: undefined },
    { path: 'stats.timeseries', input: { filters, grain: 'year' } },
    {
      path: 'stats.breakdown',
      input: {
        filters: { ...filters, category: [] },
        by: 'category',
        metrics: ['grants', 'amount', 'supportedUnits'],
        sort: 'grants',
      },
    },
    {
      path: 'stats.breakdown',
      input: {
        filters: { ...filters, province: [] },
        by: 'province',
        metrics: ['units'],
        limit: 31,
      },
    },
    {
      path: 'stats.breakdown',
      input: {
        filters: { ...filters, cluster: [] },
        by: 'cluster',
        metrics: ['units', 'employment', 'supportedUnits'],
        sort: 'units',
        limit: 10,
      },
    },
    { path: 'stats.summary', input: { filters } },
    ...latest,
  ];
}
