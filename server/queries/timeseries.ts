import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TimeGrain } from '../domain/dimensions.ts';
import type { Filters } from '../domain/filters.ts';
import type { Scope } from '../domain/scope.ts';
import { getGroupedMetrics, type GroupedRow } from '../engine/execute/grouped-metrics.ts';
import { planFor, workerOptions, type QueryOptions } from '../engine/planner/query-plan.ts';
import { resolveFilters } from '../engine/filters/resolve-filters.ts';

export interface TimeseriesRow {
  /** '1400' | '1400-Q1' | '1400-01' */
  period: string;
  year: number;
  quarter: number | null;
  month: number | null;
  /** Unit metrics exist per year only (employment is recorded yearly). */
  units: number | null;
  employment: number | null;
  supportedUnits: number;
  grants: number;
  amount: string;
}

export interface TimeseriesResult {
  grain: TimeGrain;
  rows: TimeseriesRow[];
}

/**
 * Metrics per Jalali year, quarter or month of the range, every bucket present (zero-filled).
 * Buckets are the grants' own Jalali year/month columns, not relabelled Gregorian periods; each
 * bucket's supported units are distinct within that bucket.
 */
export async function getTimeseries(
  db: Kysely<Database>,
  scope: Scope,
  filters: Filters,
  grain: TimeGrain,
  options: QueryOptions = {},
): Promise<TimeseriesResult> {
  const rf = await resolveFilters(db, scope, filters);
  const dims = grain === 'year' ? (['year'] as const) : (['year', grain] as const);
  const needs = { units: grain === 'year', change: false, grants: true, supported: true };
  const plan = await planFor(
    db,
    { query: 'timeseries', reads: [{ rf, dims, needs, perYear: true }] },
    options,
  );
  if (plan.runs === 'worker' && options.pool) {
    return options.pool.run('getTimeseries', [scope, filters, grain, workerOptions(options, plan)]);
  }
  const [read] = plan.reads;
  if (!read) throw new Error('timeseries plan without a read');
  const grouped = await getGroupedMetrics(db, rf, read);
  const byKey = new Map<string, GroupedRow>(grouped.map((g) => [g.ids.join(','), g]));
  const perYear = grain === 'year' ? 1 : grain === 'quarter' ? 4 : 12;
  const rows: TimeseriesRow[] = [];
  for (let year = rf.from; year <= rf.to; year++) {
    for (let p = 1; p <= perYear; p++) {
      const g = byKey.get(grain === 'year' ? String(year) : `${year},${p}`);
      rows.push({
        period:
          grain === 'year'
            ? String(year)
            : grain === 'quarter'
              ? `${year}-Q${p}`
              : `${year}-${String(p).padStart(2, '0')}`,
        year,
        quarter: grain === 'quarter' ? p : null,
        month: grain === 'month' ? p : null,
        units: grain === 'year' ? (g?.units ?? 0) : null,
        employment: grain === 'year' ? (g?.employment ?? 0) : null,
        supportedUnits: g?.supportedUnits ?? 0,
        grants: g?.grants ?? 0,
        amount: (g?.amount ?? 0n).toString(),
      });
    }
  }
  return { grain, rows };
}
