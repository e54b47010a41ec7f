import type { Dimension } from '../../../server/domain/dimensions.ts';
import type { Filters } from '../../../server/domain/filters.ts';
import { METRICS, type Metric } from '../../../server/domain/metrics.ts';
import { PROVINCE_CODES } from '../../../server/domain/reference.ts';

/**
 * What one slide shows: a KPI set, the yearly trend, or one metric broken down by a dimension.
 * Each maps onto a page panel and is drawn by the same query hook and chart wrapper as the page.
 */
export type SlideSpec =
  | { kind: 'kpis' }
  | { kind: 'trend'; metrics: readonly Metric[] }
  | { kind: 'breakdown'; by: Dimension; metric: Metric; chart: 'bar' | 'donut' };

/** Pages that can be presented; a province page also pins its province. */
export const PRESENTABLE_PATH = /^\/(provinces(\/IR-\d{2})?|clusters|headings|explore|impact)?$/;

/** Dimensions the explore page may break down by (its `by=` parameter). */
const EXPLORE_DIMENSIONS: readonly Dimension[] = [
  'province',
  'sector',
  'size',
  'category',
  'heading',
  'cluster',
  'park',
];

/**
 * The overview's trend panel draws units and employment on two axes; on a slide, with every value
 * written on its point, two lines of different magnitude collide, so each gets its own slide.
 */
const TREND: readonly SlideSpec[] = [
  { kind: 'trend', metrics: ['units'] },
  { kind: 'trend', metrics: ['employment'] },
];

function metricParam(params: URLSearchParams, fallback: Metric): Metric {
  const value = params.get('metric');
  return METRICS.find((m) => m === value) ?? fallback;
}

/**
 * The slides of a page: its panels, in page order, with the page's own parameters (`metric=`,
 * `by=`). Maps become rankings (a choropleth needs hovering to read a value, a slide must not),
 * tables are left out (a slide shows at most six categories).
 */
export function slidesForPage(path: string, params: URLSearchParams): SlideSpec[] {
  if (path === '/') {
    return [
      { kind: 'kpis' },
      ...TREND,
      { kind: 'breakdown', by: 'category', metric: 'grants', chart: 'donut' },
      { kind: 'breakdown', by: 'province', metric: 'units', chart: 'bar' },
      { kind: 'breakdown', by: 'cluster', metric: 'units', chart: 'bar' },
    ];
  }
  if (path === '/provinces') {
    return [
      { kind: 'kpis' },
      { kind: 'breakdown', by: 'province', metric: metricParam(params, 'units'), chart: 'bar' },
    ];
  }
  if (path.startsWith('/provinces/')) {
    return [
      { kind: 'kpis' },
      { kind: 'breakdown', by: 'park', metric: 'units', chart: 'bar' },
      { kind: 'breakdown', by: 'cluster', metric: 'units', chart: 'bar' },
      { kind: 'breakdown', by: 'heading', metric: 'amount', chart: 'bar' },
    ];
  }
  if (path === '/clusters') {
    const metric = metricParam(params, 'units');
    return [
      { kind: 'breakdown', by: 'cluster', metric, chart: 'bar' },
      { kind: 'breakdown', by: 'sector', metric, chart: 'bar' },
    ];
  }
  if (path === '/headings') {
    const metric = metricParam(params, 'amount');
    return [
      { kind: 'breakdown', by: 'category', metric, chart: 'donut' },
      { kind: 'breakdown', by: 'heading', metric, chart: 'bar' },
      { kind: 'trend', metrics: ['grants'] },
    ];
  }
  if (path === '/explore') {
    const by = EXPLORE_DIMENSIONS.find((d) => d === params.get('by')) ?? 'province';
    return [
      { kind: 'breakdown', by, metric: metricParam(params, 'units'), chart: 'bar' },
      ...TREND,
    ];
  }
  // The impact page and anything else: the headline figures and the trend.
  return [{ kind: 'kpis' }, ...TREND];
}

/** A province page presents its province: the page pins it over the URL's province filter. */
export function pinnedFilters(path: string, filters: Filters): Filters {
  const code = /^\/provinces\/(IR-\d{2})$/.exec(path)?.[1];
  if (!code || !(PROVINCE_CODES as readonly string[]).includes(code)) return filters;
  return { ...filters, province: [code] };
}

/** A stable id for a slide (tests and the handout): `breakdown-province-units`. */
export function slideId(spec: SlideSpec): string {
  switch (spec.kind) {
    case 'kpis':
      return 'kpis';
    case 'trend':
      return `trend-${spec.metrics.join('-')}`;
    case 'breakdown':
      return `breakdown-${spec.by}-${spec.metric}`;
  }
}
