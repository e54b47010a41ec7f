import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';

/** The ten largest clusters by units (employment in the table); click one to filter by it. */
export function TopClustersPanel() {
  const { t, fmt, lang } = useLocale();
  const { filters, setFilters } = useViewState();
  const query = useBreakdown(withoutList(filters, 'cluster'), {
    by: 'cluster',
    metrics: ['units', 'employment', 'supportedUnits'],
    sort: 'units',
    limit: 10,
  });
  const range = useEffectiveRange(filters);
  const rows = breakdownToRows(
    query.data?.rows ?? [],
    ['units', 'employment', 'supportedUnits'],
    lang,
  );
  const aria = chartAriaLabel(t, fmt, 'bar', ['units'], 'cluster', range);
  const select = (key: string) => setFilters((current) => toggleListValue(current, 'cluster', key));
  return (
    <Panel
      title={t('overview.topClusters')}
      id="top-clusters"
      exportTarget={{
        view: 'breakdown',
        filters: withoutList(filters, 'cluster'),
        params: {
          by: 'cluster',
          metrics: ['units', 'employment', 'supportedUnits'],
          sort: 'units',
          limit: 10,
        },
      }}
      state={panelStateOf(query, rows.length === 0)}
      height={300}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig(['units', 'employment', 'supportedUnits'], t)}
          labelHeader={t('dimension.cluster')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <BarChart
          rows={rows}
          config={metricConfig(['units'], t)}
          orientation="bar"
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters.cluster}
        />
      )}
    </Panel>
  );
}
