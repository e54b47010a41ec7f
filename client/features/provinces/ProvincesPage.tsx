import { useNavigate } from 'react-router';
import type { Metric } from '../../../server/domain/metrics.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { withPerCapita } from '../../lib/per-capita.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { carriedParams, hrefOf } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { MAP_METRICS, ProvinceMapPanel } from './ProvinceMapPanel.tsx';

const TABLE_METRICS = [
  'units',
  'employment',
  'supportedUnits',
  'coverage',
  'grants',
  'amount',
  'employmentChange',
] as const satisfies readonly Metric[];

/** `/provinces`: ranking, map and a sortable table; a bar, region or row opens the province. */
export function ProvincesPage() {
  const { t, fmt, lang } = useLocale();
  const { filters, params, setParam } = useViewState();
  const navigate = useNavigate();
  const metricParam = params.get('metric');
  const metric: Metric = MAP_METRICS.find((m) => m === metricParam) ?? 'units';
  const query = useBreakdown(filters, {
    by: 'province',
    metrics: [...TABLE_METRICS],
    sort: metric,
    limit: 31,
  });
  const range = useEffectiveRange(filters);
  const apiRows = query.data?.rows ?? [];
  const rows = withPerCapita(breakdownToRows(apiRows, TABLE_METRICS, lang), 'units');
  const drill = (code: string) =>
    void navigate(hrefOf(`/provinces/${code}`, carriedParams(params)));
  const rankingAria = chartAriaLabel(t, fmt, 'bar', [metric], 'province', range);
  const tableConfig = {
    ...metricConfig(TABLE_METRICS, t),
    unitsPerCapita: {
      label: `${t('metric.units')} ${t('metric.perCapita')}`,
      color: 'var(--chart-1)',
      kind: 'rate' as const,
    },
  };
  return (
    <>
      <h1 className="page-title">{t('provinces.title')}</h1>
      <p className="hint">{t('provinces.drillHint')}</p>
      <div className="grid">
        <Panel
          title={t('provinces.ranking')}
          id="province-ranking"
          exportTarget={{
            view: 'provinces',
            filters,
            params: { metrics: [...TABLE_METRICS], metric },
          }}
          state={panelStateOf(query, rows.length === 0)}
          height={600}
          controls={
            <MetricSelect
              label={t('provinces.metric')}
              value={metric}
              options={MAP_METRICS}
              onChange={(m) => setParam('metric', m === 'units' ? null : m)}
            />
          }
          table={() => (
            <DataTable
              rows={rows}
              config={metricConfig([metric], t)}
              labelHeader={t('dimension.province')}
              caption={rankingAria}
              onSelect={(row) => drill(row.key)}
            />
          )}
        >
          {() => (
            <BarChart
              rows={rows}
              config={metricConfig([metric], t)}
              orientation="bar"
              ariaLabel={rankingAria}
              onSelect={(row) => drill(row.key)}
            />
          )}
        </Panel>
        <ProvinceMapPanel title={t('provinces.map')} onSelect={drill} />
        <Panel
          title={t('provinces.table')}
          id="province-table"
          exportTarget={{
            view: 'provinces',
            filters,
            params: { metrics: [...TABLE_METRICS], metric },
          }}
          className="grid-wide"
          state={panelStateOf(query, rows.length === 0)}
        >
          {() => (
            <DataTable
              rows={rows}
              config={tableConfig}
              labelHeader={t('dimension.province')}
              caption={t('provinces.table')}
              onSelect={(row) => drill(row.key)}
              initialSort={metric}
              exactMoney={false}
            />
          )}
        </Panel>
      </div>
    </>
  );
}
