import type { Filters } from '../../../server/domain/filters.ts';
import { KpiCard } from '../../components/KpiCard.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useViewTargets } from '../../lib/queries.ts';
import { usePageFilters } from '../../lib/use-page-filters.ts';
import { OVERVIEW_KPIS } from './kpis.ts';
import { useKpis } from './use-kpis.ts';

/**
 * The KPI cards (`stats.summary`) for the page's filters — route pins included — and period.
 * `filters` overrides them (a test, a slide).
 */
export function KpiStrip({ filters: override }: { filters?: Filters } = {}) {
  const { filters } = usePageFilters();
  return <KpiCards filters={override ?? filters} />;
}

/** The cards themselves: shared by the page's strip and its KPI slide. */
export function KpiCards({ filters, className }: { filters: Filters; className?: string }) {
  const { t, fmt } = useLocale();
  const kpis = useKpis(filters);
  const targets = useViewTargets(filters).data?.targets;
  if (kpis.error) return <ErrorState message={kpis.error.message} onRetry={kpis.refetch} />;
  if (!kpis.data) {
    return (
      <ul className={className ?? 'kpis'} aria-label={t('kpi.label')}>
        {OVERVIEW_KPIS.map((m) => (
          <li key={m} className="kpi">
            <Skeleton height={72} />
          </li>
        ))}
      </ul>
    );
  }
  const { period, wholeRange, comparedWith } = kpis.data;
  const range = fmt.yearRange(period.from, period.to);
  return (
    <section aria-label={t('kpi.label')}>
      <p className="hint" data-testid="kpi-period">
        {t('kpi.inRange', { range: wholeRange ? `${range} ${t('caption.wholeRange')}` : range })}
      </p>
      <ul className={className ?? 'kpis'} aria-busy={kpis.fetching}>
        {kpis.data.kpis.map((kpi) => (
          <KpiCard
            key={kpi.metric}
            {...kpi}
            period={period}
            comparedWith={comparedWith}
            plan={targets?.[kpi.metric as keyof typeof targets]}
          />
        ))}
      </ul>
    </section>
  );
}
