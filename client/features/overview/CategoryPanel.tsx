import { DataTable } from '../../components/DataTable.tsx';
import { DonutChart } from '../../components/charts/DonutChart.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const METRICS = ['grants', 'amount', 'supportedUnits'] as const;

/** Support uptake by category: donut of disbursed grants; click a slice to filter by it. */
export function CategoryPanel() {
  const { t, fmt, lang } = useLocale();
  const { filters, setFilters } = useViewState();
  const query = useBreakdown(withoutList(filters, 'category'), {
    by: 'category',
    metrics: [...METRICS],
    sort: 'grants',
  });
  const range = useEffectiveRange(filters);
  const rows = breakdownToRows(query.data?.rows ?? [], METRICS, lang);
  const aria = chartAriaLabel(t, fmt, 'donut', ['grants'], 'category', range);
  const select = (key: string) =>
    setFilters((current) => toggleListValue(current, 'category', key));
  return (
    <Panel
      title={t('overview.byCategory')}
      id="by-category"
      exportTarget={{
        view: 'breakdown',
        filters: withoutList(filters, 'category'),
        params: { by: 'category', metrics: [...METRICS], sort: 'grants' },
      }}
      state={panelStateOf(query, rows.length === 0)}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig(METRICS, t)}
          labelHeader={t('dimension.category')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <DonutChart
          rows={rows}
          config={metricConfig(['grants'], t)}
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters.category}
        />
      )}
    </Panel>
  );
}
