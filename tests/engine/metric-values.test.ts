import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../server/domain/metrics.ts';
import type { GroupedRow } from '../../server/engine/execute/grouped-metrics.ts';
import {
  compareGroupedRows,
  compareMetric,
  toMetricValues,
} from '../../server/engine/execute/metric-values.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

// Small values, so ties (and units of 0: no coverage) are common; amounts past 2^53.
const rowArb: fc.Arbitrary<GroupedRow> = fc.record({
  ids: fc.constant([1]),
  units: fc.integer({ min: 0, max: 3 }),
  employment: fc.integer({ min: 0, max: 3 }),
  employmentChange: fc.integer({ min: -2, max: 2 }),
  supportedUnits: fc.integer({ min: 0, max: 3 }),
  grants: fc.integer({ min: 0, max: 3 }),
  amount: fc.constantFrom(0n, 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 60n),
});

describe('compareGroupedRows', () => {
  it('orders grouped rows as compareMetric orders their values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METRICS),
        fc.constantFrom('asc' as const, 'desc' as const),
        rowArb,
        rowArb,
        (metric, order, a, b) => {
          const expected = compareMetric(metric, order)(toMetricValues(a), toMetricValues(b));
          const actual = compareGroupedRows(metric, order)(a, b);
          expect(Math.sign(actual)).toBe(Math.sign(expected));
        },
      ),
      propertyRuns({ numRuns: 2000, seed: 15 }),
    );
  });
});
