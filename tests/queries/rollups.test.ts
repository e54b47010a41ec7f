import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, TIME_GRAINS, type Dimension } from '../../server/domain/dimensions.ts';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { METRICS } from '../../server/domain/metrics.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { SIZE_CLASSES } from '../../server/domain/size.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill } from '../../server/queries/drill.ts';
import { planSources } from '../../server/queries/navigator.ts';
import { resolveFilters } from '../../server/queries/resolve-filters.ts';
import { rebuildRollups, rollupsAreFresh } from '../../server/queries/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { getTimeseries } from '../../server/queries/timeseries.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';

const PROVINCES = ['IR-00', 'IR-01', 'IR-10', 'IR-23'];
const DATASET = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 7 });

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { maxLength: Math.min(3, xs.length) });

/** Random filters over the random dataset's members (and a few it lacks). */
export const filtersArb: fc.Arbitrary<Filters> = fc
  .record({
    province: sub([...PROVINCES, 'IR-05']),
    park: sub(['P0A', 'P1B', 'P2A', 'P3B']),
    cluster: sub(['C0', 'C2']),
    sector: sub(['METL', 'CHEM', 'FOOD', 'TEXT']),
    size: sub(SIZE_CLASSES),
    category: sub(['FIN', 'MKT', 'TEC', 'REN']),
    heading: sub(['FIN-01', 'FIN-02', 'MKT-01', 'TEC-01', 'REN-01']),
    years: fc.option(
      fc.tuple(fc.integer({ min: 1397, max: 1403 }), fc.integer({ min: 0, max: 4 })),
      { nil: undefined },
    ),
    sparse: fc.integer({ min: 0, max: 127 }),
  })
  .map(({ years, sparse, ...lists }) => {
    // Most properties are interesting with few filters: drop each list with high probability.
    const f: Filters = { ...EMPTY_FILTERS };
    const keys = ['province', 'park', 'cluster', 'sector', 'size', 'category', 'heading'] as const;
    keys.forEach((k, i) => {
      if (sparse & (1 << i) && (i % 2 === 0 || sparse > 64)) (f[k] as string[]) = lists[k];
    });
    if (years) {
      f.from = years[0];
      f.to = years[0] + years[1];
    }
    return f;
  });

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

  it('are what the navigator picks for dashboard-shaped questions', async () => {
    const rf = await resolveFilters(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, province: ['IR-10'] });
    const overview = await planSources(t.db, rf, ['sector'], 'auto');
    expect(overview.units.name).toBe('ru_units_ps');
    expect(overview.change.name).toBe('ru_change_ps');
    expect(overview.grants.name).toBe('ru_grants_ps');
    expect(overview.supported.kind === 'separate' && overview.supported.source.name).toBe(
      'ru_supported',
    );
    const byHeading = await planSources(t.db, rf, ['heading'], 'auto');
    expect(byHeading.grants.name).toBe('ru_grants');
    const monthly = await planSources(t.db, rf, ['year', 'month'], 'auto', true);
    expect(monthly.grants.name).toBe('ru_grants_month');
    expect(monthly.supported.kind === 'separate' && monthly.supported.source.name).toBe(
      'ru_supported_month',
    );
    const parks = await planSources(t.db, rf, ['park'], 'auto');
    expect(parks.units.name).toBe('ru_units');
    expect(parks.grants.name).toBe('ru_grants_park');
    expect(await planSources(t.db, rf, ['unit'], 'auto')).toMatchObject({
      units: { name: 'raw' },
      grants: { name: 'raw' },
    });
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
