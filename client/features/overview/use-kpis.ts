import type { Filters } from '../../../server/domain/filters.ts';
import { isDefaultPeriod, type Period } from '../../../server/domain/period.ts';
import { useDimensions, useSummary } from '../../lib/queries.ts';
import { kpisOf, type Kpi } from './kpis.ts';

export interface KpiData {
  /** The period every card's value answers: the page's (server/domain/period.ts). */
  period: Period;
  /** The URL names no year: the period is the data's whole range. */
  wholeRange: boolean;
  kpis: Kpi[];
  /** What the change lines compare with: the same-length period before, or the latest year's predecessor. */
  comparedWith: Period | null;
}

/**
 * The KPI cards' data, for the page's KPI strip and its slide alike (so Present shows the page's
 * numbers). Every value answers the page's period. The change compares with the same-length
 * period before; a period without one (the whole range) shows the latest year against the year
 * before instead, and the cards say so in words.
 */
export function useKpis(filters: Filters) {
  const dimensions = useDimensions();
  const main = useSummary(filters, dimensions.data !== undefined);
  const range = main.data?.range;
  const latestWanted =
    range !== undefined && main.data?.previousRange === null && range.to > range.from;
  const latestYear = range?.to ?? 0;
  const latest = useSummary({ ...filters, from: latestYear, to: latestYear }, latestWanted);

  const pending = main.isPending || (latestWanted && latest.isPending);
  const error = main.error ?? (latestWanted ? latest.error : null);
  const refetch = () => {
    void main.refetch();
    if (latestWanted) void latest.refetch();
  };
  let data: KpiData | null = null;
  if (main.data && !pending) {
    const { current, previous, previousRange } = main.data;
    const year = latestWanted && latest.data?.previous ? latest.data : null;
    data = {
      period: main.data.range,
      wholeRange: isDefaultPeriod(filters),
      kpis: kpisOf(
        current,
        previous,
        year?.previous && year.previousRange
          ? {
              year: latestYear,
              current: year.current,
              previous: year.previous,
              previousRange: year.previousRange,
            }
          : null,
      ),
      comparedWith: previousRange ?? year?.previousRange ?? null,
    };
  }
  return { data, pending, error, refetch, fetching: main.isFetching || latest.isFetching };
}
