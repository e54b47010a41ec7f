/**
 * The dimensions every metric can be broken down by (DESIGN §5). `quarter` and `month` are
 * Jalali periods and apply to grant metrics only.
 */
export const DIMENSIONS = [
  'province',
  'park',
  'cluster',
  'sector',
  'size',
  'category',
  'heading',
  'year',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const TIME_GRAINS = ['year', 'quarter', 'month'] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

/** Dimensions that partition units: a unit belongs to exactly one member, so distinct counts add up. */
export const UNIT_PARTITION_DIMENSIONS: readonly Dimension[] = [
  'province',
  'park',
  'cluster',
  'sector',
];

/** The URL filter key that narrows each dimension (year is narrowed by from/to). */
export const FILTER_KEY_OF: Record<Exclude<Dimension, 'year'>, string> = {
  province: 'province',
  park: 'park',
  cluster: 'cluster',
  sector: 'sector',
  size: 'size',
  category: 'category',
  heading: 'heading',
};
