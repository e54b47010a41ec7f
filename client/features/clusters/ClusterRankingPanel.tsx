import type { Metric } from '../../../server/domain/metrics.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const TOP = 20;

/**
 * The top clusters by the chosen metric. The cluster filter is left out of this query, so the
 * chosen clusters stay highlighted among the others instead of replacing them.
 */
export function ClusterRankingPanel({ metric }: { metric: Metric }) {
  const { t, fmt, lang } = useLocale();
  const { filters, setFilters } = useViewState();
  const queryFilters = withoutList(filters, 'cluster');
  const options = {
    by: 'cluster',
    metrics: [metric],
    sort: metric,
    limit: TOP,
  } satisfies Parameters<typeof useBreakdown>[1];
  const query = useBreakdown(queryFilters, options);
  const range = useEffectiveRange(filters);
  const rows = breakdownToRows(query.data?.rows ?? [], [metric], lang);
  const aria = chartAriaLabel(t, fmt, 'bar', [metric], 'cluster', range);
  const select = (key: string) => setFilters((current) => toggleListValue(current, 'cluster', key));
  return (
    <Panel
      title={t('clusters.ranking', { count: fmt.number(TOP) })}
      id="cluster-ranking"
      exportTarget={{ view: 'breakdown', filters: queryFilters, params: options }}
      state={panelStateOf(query, rows.length === 0)}
      height={560}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig([metric], t)}
          labelHeader={t('dimension.cluster')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <BarChart
          rows={rows}
          config={metricConfig([metric], t)}
          orientation="bar"
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters.cluster}
        />
      )}
    </Panel>
  );
}
