import { METRIC_DEFS, type Metric } from '../../../server/domain/metrics.ts';
import type { Filters } from '../../../server/domain/filters.ts';
import { MetricSelect } from '../../components/MetricSelect.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { ProvinceMap } from '../../components/ProvinceMap.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig, valuesByKey } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useEffectiveRange } from '../../lib/queries.ts';
import { withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { MAP_METRICS } from './map-metrics.ts';

export { MAP_METRICS };

export interface ProvinceMapPanelProps {
  title: string;
  /** Click/Enter on a province (default: toggle it in the province filter). */
  onSelect?: (code: string) => void;
  className?: string;
}

/**
 * The province map panel: metric picker (`metric=`), count / per-capita toggle (`map=capita`),
 * table view. All provinces are shown even when some are filtered; the filtered ones are outlined.
 */
export function ProvinceMapPanel({ title, onSelect, className }: ProvinceMapPanelProps) {
  const { t, fmt, lang } = useLocale();
  const { filters, params, setParam, setFilters } = useViewState();
  const metricParam = params.get('metric');
  const metric: Metric = MAP_METRICS.find((m) => m === metricParam) ?? 'units';
  const perCapita = params.get('map') === 'capita';
  const query = useBreakdown(withoutList(filters, 'province'), {
    by: 'province',
    metrics: [metric],
    limit: 31,
  });
  const range = useEffectiveRange(filters);
  const rows = query.data?.rows ?? [];
  const aria = chartAriaLabel(
    t,
    fmt,
    'map',
    perCapita && metric !== 'coverage'
      ? `${t(`metric.${metric}`)} ${t('metric.perCapita')}`
      : [metric],
    'province',
    range,
  );
  const select =
    onSelect ??
    ((code: string) =>
      setFilters((current: Filters) => ({
        ...current,
        province: current.province.includes(code)
          ? current.province.filter((c) => c !== code)
          : [...current.province, code],
      })));
  return (
    <Panel
      title={title}
      className={className}
      id="province-map"
      exportTarget={{
        view: 'provinces',
        filters: withoutList(filters, 'province'),
        params: { metrics: [metric], metric },
      }}
      state={panelStateOf(query, rows.length === 0)}
      height={380}
      controls={
        <MetricSelect
          label={t('overview.mapMetric')}
          value={metric}
          options={MAP_METRICS}
          onChange={(m) => setParam('metric', m === 'units' ? null : m)}
        />
      }
      table={() => (
        <DataTable
          rows={breakdownToRows(rows, [metric], lang)}
          config={metricConfig([metric], t)}
          labelHeader={t('dimension.province')}
          caption={aria}
          onSelect={(row) => select(row.key)}
          initialSort={metric}
        />
      )}
    >
      {() => (
        <ProvinceMap
          values={valuesByKey(rows, metric)}
          kind={METRIC_DEFS[metric].kind}
          perCapita={perCapita}
          onPerCapitaChange={(on) => setParam('map', on ? 'capita' : null)}
          onSelect={select}
          selected={filters.province}
          ariaLabel={aria}
        />
      )}
    </Panel>
  );
}

// The plan page's map comes through here, so the map and its panel stay one chunk (the overview's budget).
export { ProvinceMap };
