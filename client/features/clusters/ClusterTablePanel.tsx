import type { Metric } from '../../../server/domain/metrics.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Num } from '../../components/Num.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useDimensions, useDrill, useEffectiveRange } from '../../lib/queries.ts';
import { toggleListValue, withoutList } from '../../lib/url-state.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { clusterTableRows } from './cluster-rows.ts';

const METRICS = [
  'units',
  'employment',
  'employmentChange',
  'supportedUnits',
  'coverage',
  'amount',
] as const satisfies readonly Metric[];
const PAGE_SIZE = 50;

/**
 * Every cluster in the selection (stats.drill level=cluster), sorted by the chosen metric and
 * paged through `page=`; a row toggles that cluster in the filters.
 */
export function ClusterTablePanel({ metric }: { metric: Metric }) {
  const { t, fmt, lang } = useLocale();
  const { filters, params, setFilters, setParam } = useViewState();
  const dimensions = useDimensions();
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const query = useDrill(withoutList(filters, 'cluster'), {
    level: 'cluster',
    sort: metric,
    page,
    pageSize: PAGE_SIZE,
  });
  const total = query.data?.total ?? 0;
  const period = useEffectiveRange(filters);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const rows = clusterTableRows(
    query.data?.rows ?? [],
    dimensions.data?.provinces ?? [],
    dimensions.data?.sectors ?? [],
    METRICS,
    lang,
  );
  const select = (key: string) => setFilters((current) => toggleListValue(current, 'cluster', key));
  return (
    <Panel
      title={t('clusters.table')}
      // Every cluster of the selection, not only this page.
      exportTarget={{
        view: 'drill',
        filters: withoutList(filters, 'cluster'),
        params: { level: 'cluster', sort: metric },
      }}
      // Clusters hold units and grants: listed when they have either in the period.
      subtitle={
        <Num>
          {t('list.clustersCount', {
            count: fmt.number(total),
            range: period ? fmt.yearRange(period.from, period.to) : '',
          })}
        </Num>
      }
      id="cluster-table"
      className="grid-wide"
      state={panelStateOf(query, rows.length === 0)}
    >
      {() => (
        <>
          <DataTable
            rows={rows}
            config={metricConfig(METRICS, t)}
            labelHeader={t('dimension.cluster')}
            caption={t('clusters.table')}
            textColumns={[
              { key: 'province', header: t('filters.province') },
              { key: 'sector', header: t('filters.sector') },
            ]}
            onSelect={(row) => select(row.key)}
            exactMoney={false}
          />
          <nav className="pager" aria-label={t('clusters.table')}>
            <button
              type="button"
              className="btn btn-small"
              disabled={page === 0}
              onClick={() => setParam('page', page - 1 > 0 ? String(page - 1) : null)}
            >
              {t('province.prev')}
            </button>
            <span>
              {t('province.page', { page: fmt.number(page + 1), pages: fmt.number(pages) })}
            </span>
            <button
              type="button"
              className="btn btn-small"
              disabled={page + 1 >= pages}
              onClick={() => setParam('page', String(page + 1))}
            >
              {t('province.next')}
            </button>
          </nav>
        </>
      )}
    </Panel>
  );
}
