import type { Filters } from '../../../server/domain/filters.ts';
import { KpiCard } from '../../components/KpiCard.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useDimensions, useSummary } from '../../lib/queries.ts';
import { useViewState } from '../../lib/use-view-state.ts';
import { kpiFilters, kpisOf, OVERVIEW_KPIS } from './kpis.ts';

/**
 * The KPI cards: current range against the same-length previous one (`stats.summary`).
 * `filters` overrides the URL's (a province page pins its province).
 */
export function KpiStrip({ filters: override }: { filters?: Filters } = {}) {
  const { t, fmt } = useLocale();
  const { filters: fromUrl } = useViewState();
  const dimensions = useDimensions();
  const query = useSummary(
    kpiFilters(override ?? fromUrl, dimensions.data?.years),
    dimensions.data !== undefined,
  );
  if (query.isPending) {
    return (
      <ul className="kpis" aria-label={t('kpi.label')}>
        {OVERVIEW_KPIS.map((m) => (
          <li key={m} className="kpi">
            <Skeleton height={72} />
          </li>
        ))}
      </ul>
    );
  }
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  const { current, previous, previousRange, range } = query.data;
  const previousText = previousRange ? fmt.yearRange(previousRange.from, previousRange.to) : null;
  return (
    <section aria-label={t('kpi.label')}>
      <p className="hint">{t('kpi.inRange', { range: fmt.yearRange(range.from, range.to) })}</p>
      <ul className="kpis" aria-busy={query.isFetching}>
        {kpisOf(current, previous).map((kpi) => (
          <KpiCard key={kpi.metric} {...kpi} previousRange={previousText} />
        ))}
      </ul>
    </section>
  );
}
