import { DataTable } from '../../components/DataTable.tsx';
import { LineChart } from '../../components/charts/LineChart.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig, timeseriesToRows } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useEffectiveRange, useTimeseries } from '../../lib/queries.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const METRICS = ['units', 'employment'] as const;

/** Units and employment per Jalali year (employment on its own axis: it is ~20× larger). */
export function TrendPanel() {
  const { t, fmt } = useLocale();
  const { filters } = useViewState();
  const query = useTimeseries(filters, 'year');
  const range = useEffectiveRange(filters);
  const rows = timeseriesToRows(query.data?.rows ?? [], METRICS, fmt);
  const config = metricConfig(METRICS, t, ['employment']);
  const aria = chartAriaLabel(t, fmt, 'line', METRICS, 'time', range);
  return (
    <Panel
      title={t('overview.trend')}
      id="trend"
      exportTarget={{ view: 'timeseries', filters, params: { grain: 'year' } }}
      state={panelStateOf(query, rows.length === 0)}
      table={() => (
        <DataTable rows={rows} config={config} labelHeader={t('dimension.year')} caption={aria} />
      )}
    >
      {() => <LineChart rows={rows} config={config} ariaLabel={aria} />}
    </Panel>
  );
}
