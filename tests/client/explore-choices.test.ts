import { describe, expect, it } from 'vitest';
import {
  chartsFor,
  isPartOfWhole,
  metricsFor,
  perCapitaAllowed,
  readExploreChoice,
  withExploreChoice,
} from '../../client/features/explore/chart-choices.ts';

const p = (query: string) => new URLSearchParams(query);

describe('metricsFor', () => {
  it('offers every metric for unit dimensions', () => {
    expect(metricsFor(['province'])).toHaveLength(7);
    expect(metricsFor(['province', 'year'])).toContain('employment');
  });
  it('offers only support metrics when headings or categories are a dimension', () => {
    expect(metricsFor(['heading'])).toEqual(['supportedUnits', 'coverage', 'grants', 'amount']);
    expect(metricsFor(['province', 'category'])).not.toContain('units');
  });
});

describe('isPartOfWhole', () => {
  it.each([
    ['units', ['province'], true],
    ['amount', ['heading'], true],
    ['coverage', ['province'], false],
    ['employmentChange', ['sector'], false],
    ['supportedUnits', ['province'], true],
    ['supportedUnits', ['heading'], false],
    ['supportedUnits', ['size'], false],
    ['units', ['year'], false],
    ['employment', ['year'], false],
    ['grants', ['year'], true],
    ['amount', ['year'], true],
  ] as const)('%s summed across %j → %s', (metric, dims, expected) => {
    expect(isPartOfWhole(metric, dims)).toBe(expected);
  });
});

describe('chartsFor', () => {
  it('one dimension: bar, plus donut and treemap for shares', () => {
    expect(chartsFor('province', null, 'units')).toEqual(['bar', 'donut', 'treemap']);
    expect(chartsFor('province', null, 'coverage')).toEqual(['bar']);
  });
  it('years: a line first; no shares of a stock across years', () => {
    expect(chartsFor('year', null, 'employment')).toEqual(['line', 'bar']);
    expect(chartsFor('year', null, 'amount')).toEqual(['line', 'bar', 'donut', 'treemap']);
  });
  it('pairs: heat map, stacked when the stacked dimension adds up, line with a year', () => {
    expect(chartsFor('province', 'sector', 'units')).toEqual(['heatmap', 'stacked']);
    expect(chartsFor('year', 'sector', 'employment')).toEqual(['heatmap', 'stacked', 'line']);
    expect(chartsFor('heading', 'year', 'coverage')).toEqual(['heatmap', 'line']);
  });
});

describe('readExploreChoice', () => {
  it('defaults to units by province as a bar chart', () => {
    expect(readExploreChoice(p(''))).toEqual({
      by: 'province',
      by2: null,
      metric: 'units',
      chart: 'bar',
      perCapita: false,
    });
  });
  it('reads a full shared link', () => {
    expect(
      readExploreChoice(p('by=province&metric=supportedUnits&chart=bar&capita=1&sector=FOOD')),
    ).toEqual({
      by: 'province',
      by2: null,
      metric: 'supportedUnits',
      chart: 'bar',
      perCapita: true,
    });
  });
  it('falls back when parts do not fit together', () => {
    const choice = readExploreChoice(p('by=heading&by2=heading&metric=units&chart=donut&capita=1'));
    expect(choice.by2).toBeNull();
    expect(choice.metric).toBe('supportedUnits');
    expect(choice.chart).toBe('bar');
    expect(choice.perCapita).toBe(false);
    expect(readExploreChoice(p('by=nonsense&chart=pie')).by).toBe('province');
  });
  it('per capita only for provinces alone and not for a ratio', () => {
    expect(perCapitaAllowed({ by: 'province', by2: null, metric: 'amount' })).toBe(true);
    expect(perCapitaAllowed({ by: 'province', by2: null, metric: 'coverage' })).toBe(false);
    expect(perCapitaAllowed({ by: 'province', by2: 'year', metric: 'amount' })).toBe(false);
    expect(perCapitaAllowed({ by: 'sector', by2: null, metric: 'amount' })).toBe(false);
  });
});

describe('withExploreChoice', () => {
  it('writes the whole normalised choice and keeps filters and language', () => {
    const next = withExploreChoice(p('lang=en&sector=FOOD&page=3'), { by: 'heading' });
    expect(next.get('lang')).toBe('en');
    expect(next.get('sector')).toBe('FOOD');
    expect(next.get('by')).toBe('heading');
    expect(next.get('metric')).toBe('supportedUnits');
    expect(next.get('chart')).toBe('bar');
    expect(next.has('page')).toBe(false);
  });
  it('drops a chart type and per capita that no longer fit', () => {
    const start = p('by=province&metric=units&chart=donut&capita=1');
    const next = withExploreChoice(start, { by2: 'year' });
    expect(next.get('by2')).toBe('year');
    expect(next.get('chart')).toBe('heatmap');
    expect(next.has('capita')).toBe(false);
    expect(withExploreChoice(next, { by2: null }).has('by2')).toBe(false);
  });
  it('round-trips: reading the written URL gives the same choice', () => {
    const next = withExploreChoice(p(''), {
      by: 'year',
      by2: 'sector',
      metric: 'amount',
      chart: 'line',
    });
    expect(readExploreChoice(next)).toEqual({
      by: 'year',
      by2: 'sector',
      metric: 'amount',
      chart: 'line',
      perCapita: false,
    });
  });
});
