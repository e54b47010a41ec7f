import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, TIME_GRAINS, type Dimension } from '../../server/domain/dimensions.ts';
import { METRICS } from '../../server/domain/metrics.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill } from '../../server/queries/drill.ts';
import { rebuildRollups, rollupsAreFresh } from '../../server/queries/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES } from './arbitraries.ts';

const DATASET = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 7 });

const dimArb = fc.constantFrom<Dimension>(...DIMENSIONS);

describe.each(testDialects())('rollups on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    expect(await rollupsAreFresh(t.db)).toBe(false);
    const built = await rebuildRollups(t.db);
    expect(built.rows.ru_units).toBeGreaterThan(0);
    expect(built.rows.ru_supported).toBeGreaterThan(0);
  });
  afterAll(() => t.destroy());

  it('are fresh after a rebuild', async () => {
    expect(await rollupsAreFresh(t.db)).toBe(true);
  });

  it('answer summaries exactly as the raw tables do', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb, async (filters) => {
        const raw = await getSummary(t.db, ALL_SCOPE, filters, { source: 'raw' });
        expect(await getSummary(t.db, ALL_SCOPE, filters)).toEqual(raw);
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('answer breakdowns (single, pairs, others) exactly as the raw tables do', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        dimArb,
        fc.option(dimArb, { nil: undefined }),
        fc.constantFrom(...METRICS),
        fc.integer({ min: 1, max: 6 }),
        async (filters, by, by2, sort, limit) => {
          const input = { by, by2: by2 === by ? undefined : by2, sort, limit };
          const raw = await getBreakdown(t.db, ALL_SCOPE, filters, input, { source: 'raw' });
          expect(await getBreakdown(t.db, ALL_SCOPE, filters, input)).toEqual(raw);
        },
      ),
      { numRuns: 80, seed: 12 },
    );
  });

  it('answer timeseries and drill-downs exactly as the raw tables do', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        fc.constantFrom(...TIME_GRAINS),
        fc.constantFrom(...DRILL_LEVELS),
        fc.constantFrom(...DRILL_SORTS),
        async (filters, grain, level, sort) => {
          const raw = await getTimeseries(t.db, ALL_SCOPE, filters, grain, { source: 'raw' });
          expect(await getTimeseries(t.db, ALL_SCOPE, filters, grain)).toEqual(raw);
          const input = { level, sort, pageSize: 7, page: 1 };
          const rawDrill = await getDrill(t.db, ALL_SCOPE, filters, input, { source: 'raw' });
          expect(await getDrill(t.db, ALL_SCOPE, filters, input)).toEqual(rawDrill);
        },
      ),
      { numRuns: 50, seed: 13 },
    );
  });
});
