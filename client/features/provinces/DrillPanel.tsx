import type { Filters } from '../../../server/domain/filters.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Num } from '../../components/Num.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useDrill, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const METRICS = ['units', 'employment', 'supportedUnits', 'amount'] as const;
const CHART_TOP = 15;

/**
 * A province's parks or clusters: the largest by units as a ranking, all (up to 200) in the table.
 * A click narrows the whole page to that park/cluster (its chosen members stay highlighted).
 */
export function DrillPanel({ level, filters }: { level: 'park' | 'cluster'; filters: Filters }) {
  const { t, fmt, lang } = useLocale();
  const { setFilters } = useViewState();
  const query = useDrill(withoutList(filters, level), { level, sort: 'units', pageSize: 200 });
  const range = useEffectiveRange(filters);
  const rows = breakdownToRows(
    (query.data?.rows ?? []).map((r) => ({ ...r, key: r.code })),
    METRICS,
    lang,
  );
  const aria = chartAriaLabel(t, fmt, 'bar', ['units'], level, range);
  const select = (code: string) => setFilters((current) => toggleListValue(current, level, code));
  return (
    <Panel
      title={t(level === 'park' ? 'province.parks' : 'province.clusters')}
      // Parks and clusters hold units and grants: listed when they have either in the period.
      subtitle={
        query.data && range ? (
          <Num>
            {t(level === 'park' ? 'list.parksCount' : 'list.clustersCount', {
              count: fmt.number(query.data.total),
              range: fmt.yearRange(range.from, range.to),
            })}
          </Num>
        ) : undefined
      }
      id={`${level}s`}
      exportTarget={{
        view: 'drill',
        filters: withoutList(filters, level),
        params: { level, sort: 'units' },
      }}
      state={panelStateOf(query, rows.length === 0)}
      height={320}
      table={() => (
        <DataTable
          rows={rows}
          config={metricConfig(METRICS, t)}
          labelHeader={t(`dimension.${level}`)}
          caption={aria}
          onSelect={(row) => select(row.key)}
          exactMoney={false}
        />
      )}
    >
      {() => (
        <BarChart
          rows={rows.slice(0, CHART_TOP)}
          config={metricConfig(['units'], t)}
          orientation="bar"
          ariaLabel={aria}
          onSelect={(row) => select(row.key)}
          activeKeys={filters[level]}
        />
      )}
    </Panel>
  );
}
