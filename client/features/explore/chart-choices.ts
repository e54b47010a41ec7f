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
 * Can the metric's values be drawn as parts of a whole (donut, treemap, stacked)? Only when they
 * add up: additive metrics that are never negative, plus distinct supported units across
 * dimensions that partition units (a unit is in one province, so provinces' counts add up).
 */
export function isPartOfWhole(metric: Metric, dims: readonly Dimension[]): boolean {
  if (metric === 'employmentChange') return false;
  if (METRIC_DEFS[metric].additive) return true;
  return metric === 'supportedUnits' && dims.every((d) => UNIT_PARTITION_DIMENSIONS.includes(d));
}

/** Chart types that fit one dimension or a pair and a metric, the most natural first. */
export function chartsFor(by: Dimension, by2: Dimension | null, metric: Metric): ExploreChart[] {
  const dims = by2 ? [by, by2] : [by];
  const whole = isPartOfWhole(metric, dims);
  if (by2) {
    const charts: ExploreChart[] = ['heatmap'];
    if (whole) charts.push('stacked');
    if (by === 'year' || by2 === 'year') charts.push('line');
    return charts;
  }
  const charts: ExploreChart[] = by === 'year' ? ['line', 'bar'] : ['bar'];
  if (whole) charts.push('donut', 'treemap');
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
