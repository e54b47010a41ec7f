import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, type Dimension } from '../../server/domain/dimensions.ts';
import type { Scope } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { coverageWithinZeroOne, oracleMetrics } from '../helpers/metric-oracle.ts';
import { filtersArb, PROVINCES, scopeArb } from './arbitraries.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

// Every engine path (raw SQL, rollups) against the metric definitions computed literally in
// JavaScript (tests/helpers/metric-oracle.ts): the engines agreeing with each other is not
// enough, they must agree with docs/metrics.md.

const DATASET = randomDataset({ units: 140, years: [1398, 1402], provinces: PROVINCES, seed: 41 });
const YEARS = { min: 1398, max: 1402 };

/** A park or cluster filter outside the scope is a 400 (tests/queries/scope.test.ts). */
function hidesMembers(scope: Scope, codes: readonly string[]): boolean {
  if (scope.provinces === 'all') return false;
  const allowed = scope.provinces;
  return codes.some((code) => {
    const member = [...(DATASET.parks ?? []), ...(DATASET.clusters ?? [])].find(
      (m) => m.code === code,
    );
    return member !== undefined && !allowed.includes(member.province);
  });
}

describe.each(testDialects())('metric definitions on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it('summaries and breakdowns equal the definitions, and coverage stays within 0…1', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopeArb,
        filtersArb,
        fc.constantFrom<Dimension>(...DIMENSIONS),
        fc.constantFrom<'raw' | 'auto'>('raw', 'auto'),
        async (scope, filters, by, source) => {
          if (hidesMembers(scope, [...filters.park, ...filters.cluster])) return;
          const period = { from: filters.from ?? YEARS.min, to: filters.to ?? YEARS.max };
          const expectedTotal = oracleMetrics(DATASET, scope, filters, period).get('');

          const summary = await getSummary(t.db, scope, filters, { source });
          expect(summary.range).toEqual(period);
          expect(summary.current).toEqual(expectedTotal);

          const b = await getBreakdown(t.db, scope, filters, { by, limit: 500 }, { source });
          expect(b.total).toEqual(expectedTotal);
          const expected = oracleMetrics(DATASET, scope, filters, period, by);
          const actual = new Map(
            b.rows.map((r) => {
              const { key, nameFa: _fa, nameEn: _en, ...values } = r;
              return [key, values];
            }),
          );
          expect(actual).toEqual(expected);
          for (const v of [b.total, ...b.rows]) expect(coverageWithinZeroOne(v)).toBe(true);
        },
      ),
      propertyRuns({ numRuns: 120, seed: 42 }),
    );
  });
});
