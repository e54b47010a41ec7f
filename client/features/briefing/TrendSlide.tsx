import type { Filters } from '../../../server/domain/filters.ts';
import type { Metric } from '../../../server/domain/metrics.ts';
import { LineChart } from '../../components/charts/LineChart.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { metricConfig, timeseriesToRows } from '../../lib/chart-rows.ts';
import { lineEdgePadding, valueSide } from '../../lib/chart-layout.ts';
import { useLocale } from '../../lib/locale.ts';
import { measureText } from '../../lib/text-measure.ts';
import { lineValueText, seriesValue } from '../../components/charts/chart-config.ts';
import { useEffectiveRange, useTimeseries } from '../../lib/queries.ts';
import { useSlideSize } from './use-slide-size.ts';

/** Yearly trend: the overview's timeseries query and line chart, values written at each point. */
export function TrendSlide({ filters, metrics }: { filters: Filters; metrics: readonly Metric[] }) {
  const { t, fmt } = useLocale();
  const { chartHeight, chartWidth, fontSize, printing } = useSlideSize();
  const query = useTimeseries(filters, 'year');
  const range = useEffectiveRange(filters);
  if (query.error)
    return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Skeleton height={chartHeight} />;
  const rows = timeseriesToRows(query.data.rows, metrics, fmt);
  // A second metric of another magnitude (employment ≈ 20× units) gets its own axis, as on the page.
  const config = metricConfig(metrics, t, metrics.slice(1));
  const text = lineValueText(config, rows, fmt);
  const written = metrics.flatMap((m) =>
    rows.flatMap((r) => {
      const value = seriesValue(r, m);
      return value === null ? [] : [text(m, value)];
    }),
  );
  return (
    <LineChart
      rows={rows}
      config={config}
      ariaLabel={chartAriaLabel(t, fmt, 'line', metrics, 'time', range)}
      height={chartHeight}
      width={printing ? chartWidth : undefined}
      showValues
      edgePadding={lineEdgePadding(written, fontSize, measureText)}
      valueSide={(key, index) =>
        valueSide(
          rows.map((r) => seriesValue(r, key)),
          index,
        )
      }
    />
  );
}
