import type { Filters } from '../../../server/domain/filters.ts';
import { KpiCard } from '../../components/KpiCard.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useSummary } from '../../lib/queries.ts';
import { kpisOf } from '../overview/kpis.ts';

/** The KPI set of a page: the same summary query and cards as the page's KPI strip. */
export function KpiSlide({ filters }: { filters: Filters }) {
  const { t, fmt } = useLocale();
  const query = useSummary(filters);
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton height={320} />;
  const { current, previous, previousRange } = query.data;
  const previousText = previousRange ? fmt.yearRange(previousRange.from, previousRange.to) : null;
  return (
    <ul className="kpis slide-kpis" aria-label={t('kpi.label')}>
      {kpisOf(current, previous).map((kpi) => (
        <KpiCard key={kpi.metric} {...kpi} previousRange={previousText} />
      ))}
    </ul>
  );
}
