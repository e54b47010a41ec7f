import type { Filters } from '../../../server/domain/filters.ts';
import type { Metric } from '../../../server/domain/metrics.ts';
import { DonutChart } from '../../components/charts/DonutChart.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig } from '../../lib/chart-rows.ts';
import { useLocale } from '../../lib/locale.ts';
import { useBreakdown, useDimensions, useEffectiveRange } from '../../lib/queries.ts';
import { withoutList } from '../../lib/url-state.ts';
import {
  CLUSTER_SECTOR_QUERY,
  clusterSectorMetric,
  sumClustersBySector,
} from '../clusters/cluster-rows.ts';
import { useSlideSize } from './use-slide-size.ts';

/** The clusters page's "clusters by sector" donut: its query and its sums, on a slide. */
export function ClusterSectorsSlide({ filters, metric }: { filters: Filters; metric: Metric }) {
  const { t, fmt, lang } = useLocale();
  const { chartHeight, donutHeight } = useSlideSize();
  const dimensions = useDimensions();
  const shown = clusterSectorMetric(metric);
  const query = useBreakdown(withoutList(filters, 'sector'), {
    ...CLUSTER_SECTOR_QUERY,
    metrics: [...CLUSTER_SECTOR_QUERY.metrics],
  });
  const range = useEffectiveRange(filters);
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton height={chartHeight} />;
  const rows = sumClustersBySector(query.data.rows, dimensions.data?.sectors ?? [], [shown], lang);
  if (rows.length === 0) return <p className="state">{t('state.empty')}</p>;
  return (
    <DonutChart
      rows={rows}
      config={metricConfig([shown], t)}
      ariaLabel={chartAriaLabel(t, fmt, 'donut', [shown], 'sector', range)}
      height={donutHeight}
    />
  );
}
