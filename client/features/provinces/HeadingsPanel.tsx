import type { Filters } from '../../../server/domain/filters.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const METRICS = ['amount', 'grants', 'supportedUnits'] as const;

/** Support received by heading (top 15 by disbursed amount); click to filter by a heading. */
export function HeadingsPanel({ filters }: { filters: Filters }) {
  const { t, fmt, lang } = useLocale();
  const { setFilters } = useViewState();
  const query = useBreakdown(filters, {
    by: 'heading',
    metrics: [...METRICS],
    sort: 'amount',
    limit: 15,
  });
  const range = useEffectiveRange(filters);
  const rows = breakdownToRows(query.data?.rows ?? [], METRICS, lang).filter(
    (row) => typeof row.grants === 'number' && row.grants > 0,
  );
  const aria = chartAriaLabel(t, fmt, 'bar', ['amount'], 'heading', range);
  const select = (code: string) =>
    setFilters((current) => toggleListValue(current, 'heading', code));
  return (
    <Panel
      title={t('province.headings')}
      id="headings"
      exportTarget={{
        view: 'breakdown',
        filters,
        params: { by: 'heading', metrics: [...METRICS], sort: 'amount', limit: 15 },
      }}
      state={panelStateOf(query, rows.length === 0)}
      height={320}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig(METRICS, t)}
          labelHeader={t('dimension.heading')}
          caption={aria}
          onSelect={(row) => select(row.key)}
        />
      )}
    >
      {() => (
        <BarChart
          rows={rows}
          config={metricConfig(['amount'], t)}
          orientation="bar"
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters.heading}
        />
      )}
    </Panel>
  );
}
