import type { Metric } from '../../server/domain/metrics.ts';
import type { Dimension } from '../../server/domain/dimensions.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';
import type { Formatter } from './format.ts';

/** Chart types with a spoken name. */
export type ChartKind = 'bar' | 'line' | 'stacked' | 'donut' | 'treemap' | 'heatmap' | 'map';

/**
 * The accessible name of a chart: «نمودار ستونی: تعداد واحدها بر حسب استان، ۱۳۹۸ تا ۱۴۰۳».
 * `range` is the effective year range (from the summary or filters).
 */
export function chartAriaLabel(
  t: Translate,
  fmt: Formatter,
  chart: ChartKind,
  metrics: readonly Metric[] | string,
  by: Dimension | 'time' | 'unit',
  range: { from: number; to: number } | null,
): string {
  const metricText =
    typeof metrics === 'string'
      ? metrics
      : metrics.map((m) => t(`metric.${m}`)).join(t('chart.and'));
  const rangeText = range ? fmt.yearRange(range.from, range.to) : '';
  const chartName = t(`chart.${chart}` as MessageKey);
  if (by === 'time')
    return t('chart.ariaOver', { chart: chartName, metric: metricText, range: rangeText });
  return t('chart.ariaBy', {
    chart: chartName,
    metric: metricText,
    dimension: t(`dimensionInText.${by}`),
    range: rangeText,
  });
}
