import type { Dimension } from '../../../server/domain/dimensions.ts';
import type { Filters } from '../../../server/domain/filters.ts';
import type { Metric } from '../../../server/domain/metrics.ts';
import { isPlanMetric, PLAN_DIMENSIONS } from '../../../server/domain/plan.ts';
import { BarChart } from '../../components/charts/BarChart.tsx';
import { DonutChart } from '../../components/charts/DonutChart.tsx';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { chartAriaLabel } from '../../lib/aria.ts';
import { breakdownWithOthers, metricConfig } from '../../lib/chart-rows.ts';
import { rankingLayout } from '../../lib/chart-layout.ts';
import { useLocale } from '../../lib/locale.ts';
import { measureText } from '../../lib/text-measure.ts';
import { useBreakdown, useEffectiveRange, usePlan } from '../../lib/queries.ts';
import { withAchievement } from '../plan/achievement-labels.ts';
import { useSlideSize } from './use-slide-size.ts';

/** A slide shows at most this many categories; past it, the top ones and «سایر» / "Others". */
export const MAX_SLIDE_CATEGORIES = 6;

export interface BreakdownSlideProps {
  filters: Filters;
  by: Dimension;
  metric: Metric;
  chart: 'bar' | 'donut';
}

/**
 * One metric by a dimension, through the page's breakdown query and chart wrappers. Six members
 * are shown as they are; with more, the top five plus the API's exact `others` row (distinct
 * counts recomputed by the server, never summed here).
 */
export function BreakdownSlide({ filters, by, metric, chart }: BreakdownSlideProps) {
  const { t, fmt, lang } = useLocale();
  const { chartHeight, chartWidth, donutHeight, fontSize, printing } = useSlideSize();
  const probe = useBreakdown(filters, {
    by,
    metrics: [metric],
    sort: metric,
    limit: MAX_SLIDE_CATEGORIES,
  });
  // Same key as the probe (one request) unless members beyond six exist.
  const limit = probe.data?.others ? MAX_SLIDE_CATEGORIES - 1 : MAX_SLIDE_CATEGORIES;
  const query = useBreakdown(filters, { by, metrics: [metric], sort: metric, limit });
  const range = useEffectiveRange(filters);
  // Issue #18: a plan metric by province, category or heading names each member's achievement
  // (stats.plan: its own target, the /plan page's and the export's), beside its name.
  const planBy = isPlanMetric(metric) ? PLAN_DIMENSIONS.find((d) => d === by) : undefined;
  const plan = usePlan(
    filters,
    { metric: isPlanMetric(metric) ? metric : 'amount', by: planBy ?? 'province' },
    planBy !== undefined,
  );
  const error = probe.error ?? query.error ?? plan.error;
  if (error) return <ErrorState message={error.message} onRetry={() => void query.refetch()} />;
  const data = query.data;
  // Until the right query answers (a kept placeholder may still hold the probe's six rows), and
  // the plan, so the names do not change under the reader.
  if (probe.isPending || !data || data.rows.length > limit || (planBy && !plan.data)) {
    return <Skeleton height={chartHeight} />;
  }
  const rows = withAchievement(
    breakdownWithOthers(data.rows, data.others, [metric], lang, t('chart.others')),
    planBy ? (plan.data?.rows ?? []) : [],
    lang,
    fmt,
  );
  if (rows.length === 0) return <p className="state">{t('state.empty')}</p>;
  const config = metricConfig([metric], t);
  if (chart === 'donut') {
    return (
      <DonutChart
        rows={rows}
        config={config}
        ariaLabel={chartAriaLabel(t, fmt, 'donut', [metric], by, range)}
        height={donutHeight}
      />
    );
  }
  // Margins from the measured names and written values at the slide's type size.
  const kind = config[metric]?.kind ?? 'count';
  const layout = rankingLayout(
    rows.map((r) => r.label),
    rows.map((r) => fmt.value(kind, typeof r[metric] === 'number' ? r[metric] : null)),
    { width: chartWidth, fontSize, measure: measureText },
  );
  return (
    <BarChart
      rows={rows}
      config={config}
      orientation="bar"
      ariaLabel={chartAriaLabel(t, fmt, 'bar', [metric], by, range)}
      height={chartHeight}
      width={printing ? chartWidth : undefined}
      categoryWidth={layout.categoryWidth}
      valueRoom={layout.valueRoom}
      categoryLines={layout.lines}
      showValues
    />
  );
}
