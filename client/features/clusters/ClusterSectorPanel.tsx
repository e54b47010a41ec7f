import type { Metric } from '../../../server/domain/metrics.ts';
import { DonutChart } from '../../components/charts/DonutChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useDimensions, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { CLUSTER_SECTOR_QUERY, clusterSectorMetric, sumClustersBySector } from './cluster-rows.ts';

/**
 * Clustered activity by sector: a donut of the chosen metric summed over each sector's clusters
 * (units outside any cluster are not counted). A share needs a metric that adds up, so coverage
 * and employment change fall back to units. Click a slice to filter by that sector.
 */
export function ClusterSectorPanel({ metric }: { metric: Metric }) {
  const { t, fmt, lang } = useLocale();
  const { filters, setFilters } = useViewState();
  const dimensions = useDimensions();
  const shown = clusterSectorMetric(metric);
  const queryFilters = withoutList(filters, 'sector');
  const options = { ...CLUSTER_SECTOR_QUERY, metrics: [...CLUSTER_SECTOR_QUERY.metrics] };
  const query = useBreakdown(queryFilters, options);
  const range = useEffectiveRange(filters);
  const rows = sumClustersBySector(
    query.data?.rows ?? [],
    dimensions.data?.sectors ?? [],
    [shown],
    lang,
  );
  const aria = chartAriaLabel(t, fmt, 'donut', [shown], 'sector', range);
  const select = (key: string) => setFilters((current) => toggleListValue(current, 'sector', key));
  return (
    <Panel
      title={t('clusters.bySector')}
      subtitle={shown === metric ? t('clusters.bySectorNote') : t('clusters.bySectorFallback')}
      id="cluster-sectors"
      // The file holds the cluster × sector rows the donut sums.
      exportTarget={{ view: 'breakdown', filters: queryFilters, params: options }}
      state={panelStateOf(query, rows.length === 0)}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig([shown], t)}
          labelHeader={t('dimension.sector')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <DonutChart
          rows={rows}
          config={metricConfig([shown], t)}
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters.sector}
        />
      )}
    </Panel>
  );
}
