import type { Dimension } from '../../../server/domain/dimensions.ts';
import type { Metric, MetricValues } from '../../../server/domain/metrics.ts';
import { isPartOfWhole } from '../explore/chart-choices.ts';
import type { ChartRow } from '../../components/charts/chart-config.ts';
import { breakdownToRows } from '../../lib/chart-rows.ts';
import type { Lang } from '../../lib/format.ts';

/** Pure transforms for the Clusters page. */

/** Every cluster of a national dataset fits (a few hundred); past that the rest is "others". */
const ALL_CLUSTERS = 500;

/**
 * The query of "clusters by sector" (the page's donut and its slide): every cluster × its sector,
 * the sector filter left out so all sectors stay visible; summed per sector by sumClustersBySector.
 */
export const CLUSTER_SECTOR_QUERY = {
  by: 'cluster',
  by2: 'sector',
  metrics: ['units', 'employment', 'supportedUnits', 'grants', 'amount'],
  sort: 'units',
  limit: ALL_CLUSTERS,
} as const satisfies {
  by: Dimension;
  by2: Dimension;
  metrics: readonly Metric[];
  sort: Metric;
  limit: number;
};

/** The metric the sector donut shows: a share needs one that adds up, else units. */
export function clusterSectorMetric(metric: Metric): Metric {
  return isPartOfWhole(metric, ['cluster', 'sector']) ? metric : 'units';
}

type Named = { code: string; nameFa: string; nameEn: string };

/** Rows of a cluster × sector breakdown: one per cluster, its sector in `key2`. */
export interface ClusterSectorRow {
  key: string;
  key2?: string;
  units: number;
  employment: number;
  supportedUnits: number;
  grants: number;
  amount: string;
}

const ADDITIVE = ['units', 'employment', 'supportedUnits', 'grants'] as const;

/**
 * Clusters' totals per sector, in the sectors' reference order, sectors without a cluster left
 * out. A cluster belongs to one sector and a unit to one cluster, so every metric here, distinct
 * supported units included, adds up exactly; money is summed as BigInt and stays exact.
 */
export function sumClustersBySector(
  rows: readonly ClusterSectorRow[],
  sectors: readonly Named[],
  metrics: readonly Metric[],
  lang: Lang,
): ChartRow[] {
  const sums = new Map<string, { values: Omit<MetricValues, 'amount'>; amount: bigint }>();
  for (const row of rows) {
    if (!row.key2) continue;
    const sum = sums.get(row.key2) ?? {
      values: {
        units: 0,
        employment: 0,
        supportedUnits: 0,
        grants: 0,
        coverage: null,
        employmentChange: 0,
      },
      amount: 0n,
    };
    for (const m of ADDITIVE) sum.values[m] += row[m];
    sum.amount += BigInt(row.amount);
    sums.set(row.key2, sum);
  }
  const named = sectors.flatMap((sector) => {
    const sum = sums.get(sector.code);
    if (!sum) return [];
    const coverage = sum.values.units > 0 ? sum.values.supportedUnits / sum.values.units : null;
    return [
      {
        key: sector.code,
        nameFa: sector.nameFa,
        nameEn: sector.nameEn,
        ...sum.values,
        coverage,
        amount: sum.amount.toString(),
      },
    ];
  });
  return breakdownToRows(named, metrics, lang);
}

/** A drill row of a cluster with its province and sector codes. */
export type ClusterDrillRow = Named & { province: string; sector?: string } & Partial<MetricValues>;

/**
 * Drill rows → table rows with the province and sector names as text columns (`province`,
 * `sector`) and the code kept as the key for cross-filtering.
 */
export function clusterTableRows(
  rows: readonly ClusterDrillRow[],
  provinces: readonly Named[],
  sectors: readonly Named[],
  metrics: readonly Metric[],
  lang: Lang,
): ChartRow[] {
  const nameOf = (list: readonly Named[], code: string | undefined) => {
    const found = list.find((item) => item.code === code);
    return found ? (lang === 'fa' ? found.nameFa : found.nameEn) : (code ?? '');
  };
  const chartRows = breakdownToRows(
    rows.map((r) => ({ ...r, key: r.code })),
    metrics,
    lang,
  );
  return chartRows.map((row, i) => ({
    ...row,
    province: nameOf(provinces, rows[i]?.province),
    sector: nameOf(sectors, rows[i]?.sector),
  }));
}
