import type { Filters } from '../../../server/domain/filters.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Num } from '../../components/Num.tsx';
import { Panel, panelStateOf } from '../../components/Panel.tsx';
import { breakdownToRows, metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useDrill, useEffectiveRange } from '../../lib/queries.ts';
import { useViewState } from '../../lib/use-view-state.ts';

const METRICS = ['employment', 'employmentChange', 'grants', 'amount'] as const;
const PAGE_SIZE = 25;

/** The province's units, largest employers first, paged through `page=` (0-based). */
export function UnitsPanel({ filters }: { filters: Filters }) {
  const { t, fmt, lang } = useLocale();
  const { params, setParam } = useViewState();
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const query = useDrill(filters, { level: 'unit', sort: 'employment', page, pageSize: PAGE_SIZE });
  const period = useEffectiveRange(filters);
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const rows = breakdownToRows(
    (query.data?.rows ?? []).map((r) => ({
      ...r,
      key: r.code,
      nameFa: `${r.nameFa} (${r.code})`,
      nameEn: `${r.nameEn} (${r.code})`,
    })),
    METRICS,
    lang,
  );
  return (
    <Panel
      title={t('province.units')}
      // The units counted (as the KPI's): the list has exactly this many rows (docs/metrics.md).
      subtitle={
        <span data-testid="units-count">
          <Num>
            {t('list.unitsCount', {
              count: fmt.number(total),
              year: period ? fmt.year(period.to) : '',
            })}
          </Num>
        </span>
      }
      id="units"
      exportTarget={{ view: 'drill', filters, params: { level: 'unit', sort: 'employment' } }}
      className="grid-wide"
      state={panelStateOf(query, rows.length === 0)}
    >
      {() => (
        <>
          <DataTable
            rows={rows}
            config={metricConfig(METRICS, t)}
            labelHeader={t('dimension.unit')}
            caption={t('province.units')}
          />
          <nav className="pager" aria-label={t('province.units')}>
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
