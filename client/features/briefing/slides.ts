import type { Dimension } from '../../../server/domain/dimensions.ts';
import type { Filters, ListKey } from '../../../server/domain/filters.ts';
import { METRICS, type Metric } from '../../../server/domain/metrics.ts';
import { withoutList } from '../../lib/url-state.ts';
import { readExploreChoice } from '../explore/chart-choices.ts';
import { HEADING_METRICS } from '../headings/heading-rows.ts';
import { MAP_METRICS } from '../provinces/map-metrics.ts';

/**
 * What one slide shows, as its page's panel shows it (issue #13: Present shows what the page
 * shows — same filters, same period, same numbers): the KPI cards, a yearly trend, one metric by
 * a dimension, the clusters' totals by sector, or the impact comparison. `without` is the list
 * filter the page's panel leaves out so its chosen members stay visible among the rest
 * (cross-filtering); the slide leaves it out too.
 */
export type SlideSpec =
  | { kind: 'kpis' }
  | { kind: 'trend'; metrics: readonly Metric[] }
  | {
      kind: 'breakdown';
      by: Dimension;
      metric: Metric;
      chart: 'bar' | 'donut';
      without?: ListKey;
    }
  | { kind: 'clusterSectors'; metric: Metric }
  | { kind: 'impact' }
  | { kind: 'messages' };

export { PRESENTABLE_PATH } from './present-link.ts';

/**
 * The overview's trend panel draws units and employment on two axes; on a slide, with every value
 * written on its point, two lines of different magnitude collide, so each gets its own slide.
 */
const TREND: readonly SlideSpec[] = [
  { kind: 'trend', metrics: ['units'] },
  { kind: 'trend', metrics: ['employment'] },
];

/** The page's `metric=` as the page reads it: one of its own choices, else its default. */
function metricParam(
  params: URLSearchParams,
  fallback: Metric,
  allowed: readonly Metric[] = METRICS,
): Metric {
  const value = params.get('metric');
  return allowed.find((m) => m === value) ?? fallback;
}

/**
 * The slides of a page: its panels, in page order, with the page's own parameters (`metric=`,
 * `by=`) and cross-filters. Maps become rankings (a choropleth needs hovering to read a value, a
 * slide must not), heat maps their yearly totals, tables are left out (a slide shows at most six
 * categories).
 */
export function slidesForPage(path: string, params: URLSearchParams): SlideSpec[] {
  if (path === '/') {
    return [
      { kind: 'kpis' },
      ...TREND,
      { kind: 'breakdown', by: 'category', metric: 'grants', chart: 'donut', without: 'category' },
      {
        kind: 'breakdown',
        by: 'province',
        metric: metricParam(params, 'units', MAP_METRICS),
        chart: 'bar',
        without: 'province',
      },
      { kind: 'breakdown', by: 'cluster', metric: 'units', chart: 'bar', without: 'cluster' },
    ];
  }
  if (path === '/provinces') {
    return [
      {
        kind: 'breakdown',
        by: 'province',
        metric: metricParam(params, 'units', MAP_METRICS),
        chart: 'bar',
      },
    ];
  }
  if (path.startsWith('/provinces/')) {
    return [
      { kind: 'kpis' },
      { kind: 'breakdown', by: 'park', metric: 'units', chart: 'bar', without: 'park' },
      { kind: 'breakdown', by: 'cluster', metric: 'units', chart: 'bar', without: 'cluster' },
      { kind: 'breakdown', by: 'heading', metric: 'amount', chart: 'bar' },
    ];
  }
  if (path === '/clusters') {
    const metric = metricParam(params, 'units');
    return [
      { kind: 'breakdown', by: 'cluster', metric, chart: 'bar', without: 'cluster' },
      { kind: 'clusterSectors', metric },
    ];
  }
  if (path === '/headings') {
    const metric = metricParam(params, 'amount', HEADING_METRICS);
    return [
      { kind: 'breakdown', by: 'category', metric, chart: 'donut', without: 'heading' },
      { kind: 'breakdown', by: 'heading', metric, chart: 'bar', without: 'heading' },
      { kind: 'trend', metrics: [metric] },
    ];
  }
  if (path === '/explore') {
    // The page's own reading of its parameters (a pair shows as its first dimension).
    const { by, metric } = readExploreChoice(params);
    return [
      {
        kind: 'breakdown',
        by,
        metric,
        chart: 'bar',
        ...(by === 'year' ? {} : { without: by }),
      },
    ];
  }
  // The impact page: its comparison.
  return [{ kind: 'impact' }];
}

/** The filters a slide's query uses: its page's, less the list its panel leaves out. */
export function slideFilters(spec: SlideSpec, filters: Filters): Filters {
  return spec.kind === 'breakdown' && spec.without ? withoutList(filters, spec.without) : filters;
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
    case 'clusterSectors':
      return `cluster-sectors-${spec.metric}`;
    case 'impact':
      return 'impact';
    case 'messages':
      return 'messages';
  }
}
