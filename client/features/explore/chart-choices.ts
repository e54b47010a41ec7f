import {
  DIMENSIONS,
  UNIT_PARTITION_DIMENSIONS,
  type Dimension,
} from '../../../server/domain/dimensions.ts';
import { METRIC_DEFS, METRICS, type Metric } from '../../../server/domain/metrics.ts';

/**
 * What Explore may draw for a choice of dimension(s) and metric, and how its URL parameters
 * (`by`, `by2`, `metric`, `chart`) are read back. Pure, so the rules are unit-tested.
 */

export const EXPLORE_CHARTS = ['bar', 'line', 'stacked', 'donut', 'treemap', 'heatmap'] as const;
export type ExploreChart = (typeof EXPLORE_CHARTS)[number];

/** Dimensions whose members are support headings or categories: unit metrics do not split by them. */
const SUPPORT_DIMENSIONS: readonly Dimension[] = ['category', 'heading'];

/**
 * Metrics that mean something for these dimensions. Unit metrics (units, employment, change)
 * ignore the support filters, so "units by heading" would repeat the same total in every row.
 */
export function metricsFor(dims: readonly Dimension[]): Metric[] {
  const support = dims.some((d) => SUPPORT_DIMENSIONS.includes(d));
  return METRICS.filter((m) => !support || METRIC_DEFS[m].usesSupportFilter);
}

/**
 * Can the metric's values be drawn as parts of a whole (donut, treemap, stack segments) when
 * summed across `summed`? Only when they add up: never negative, additive, and — across years —
 * only flows (grants, amounts), since units and jobs are stocks counted again every year.
 * Distinct supported units add up across dimensions that partition units (province, sector…).
 */
export function isPartOfWhole(metric: Metric, summed: readonly Dimension[]): boolean {
  if (metric === 'employmentChange') return false;
  if (summed.includes('year')) return metric === 'grants' || metric === 'amount';
  if (METRIC_DEFS[metric].additive) return true;
  return metric === 'supportedUnits' && summed.every((d) => UNIT_PARTITION_DIMENSIONS.includes(d));
}

/** In a stacked or line chart of a pair, years run along the x axis; the other dimension stacks. */
export function stackedDimension(by: Dimension, by2: Dimension): Dimension {
  return by2 === 'year' ? by : by2;
}

/** Chart types that fit one dimension or a pair and a metric, the most natural first. */
export function chartsFor(by: Dimension, by2: Dimension | null, metric: Metric): ExploreChart[] {
  if (by2) {
    const charts: ExploreChart[] = ['heatmap'];
    if (isPartOfWhole(metric, [stackedDimension(by, by2)])) charts.push('stacked');
    if (by === 'year' || by2 === 'year') charts.push('line');
    return charts;
  }
  const charts: ExploreChart[] = by === 'year' ? ['line', 'bar'] : ['bar'];
  if (isPartOfWhole(metric, [by])) charts.push('donut', 'treemap');
  return charts;
}

export interface ExploreChoice {
  by: Dimension;
  by2: Dimension | null;
  metric: Metric;
  chart: ExploreChart;
  /** Per 100k inhabitants (only for `by=province` without a second dimension). */
  perCapita: boolean;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/**
 * The Explore choice from the URL, each part falling back to a valid default when missing or not
 * fitting the others (a shared link with `chart=donut&metric=coverage` shows a bar chart).
 */
export function readExploreChoice(params: URLSearchParams): ExploreChoice {
  const by = oneOf(DIMENSIONS, params.get('by')) ?? 'province';
  const second = oneOf(DIMENSIONS, params.get('by2'));
  const by2 = second && second !== by ? second : null;
  const metrics = metricsFor(by2 ? [by, by2] : [by]);
  const metric = oneOf(metrics, params.get('metric')) ?? metrics[0] ?? 'supportedUnits';
  const charts = chartsFor(by, by2, metric);
  const chart = oneOf(charts, params.get('chart')) ?? charts[0] ?? 'bar';
  const perCapita = params.get('capita') === '1' && perCapitaAllowed({ by, by2, metric });
  return { by, by2, metric, chart, perCapita };
}

/** Whether per-capita values make sense: province rows, a count or amount (not a ratio). */
export function perCapitaAllowed(choice: Pick<ExploreChoice, 'by' | 'by2' | 'metric'>): boolean {
  return choice.by === 'province' && choice.by2 === null && choice.metric !== 'coverage';
}

/**
 * New URL parameters for a changed choice: the result is normalised (a metric or chart that no
 * longer fits falls back) and written in full, so the link states exactly what is on screen.
 */
export function withExploreChoice(
  params: URLSearchParams,
  patch: Partial<ExploreChoice>,
): URLSearchParams {
  const current = readExploreChoice(params);
  const wanted = { ...current, ...patch };
  const draft = new URLSearchParams(params);
  draft.set('by', wanted.by);
  if (wanted.by2 && wanted.by2 !== wanted.by) draft.set('by2', wanted.by2);
  else draft.delete('by2');
  draft.set('metric', wanted.metric);
  draft.set('chart', wanted.chart);
  if (wanted.perCapita) draft.set('capita', '1');
  else draft.delete('capita');
  const settled = readExploreChoice(draft);
  draft.set('metric', settled.metric);
  draft.set('chart', settled.chart);
  if (!settled.perCapita) draft.delete('capita');
  // A new view starts on its first page.
  draft.delete('page');
  return draft;
}
