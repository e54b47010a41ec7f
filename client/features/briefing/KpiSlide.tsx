import type { Filters } from '../../../server/domain/filters.ts';
import { KpiCards } from '../overview/KpiStrip.tsx';

/** The KPI set of a page: the very cards (and query) of the page's KPI strip. */
export function KpiSlide({ filters }: { filters: Filters }) {
  return <KpiCards filters={filters} className="kpis slide-kpis" />;
}
