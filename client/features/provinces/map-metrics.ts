import type { Metric } from '../../../server/domain/metrics.ts';

/** Metrics the province map and ranking offer (`metric=`); a map of change would mislead. */
export const MAP_METRICS: readonly Metric[] = [
  'units',
  'employment',
  'supportedUnits',
  'coverage',
  'grants',
  'amount',
];
