import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { METRICS } from '../../server/domain/metrics.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { DRILL_LEVELS, DRILL_SORTS, getDrill } from '../../server/queries/drill.ts';
import { attachMemoryFacts, memoryFactsOf } from '../../server/engine/facts/memory-facts.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES } from '../queries/arbitraries.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

// The unit drill's pages come from the fact columns (unit-page.ts, top-k.ts) rather than from a
// row per unit: every page — order, ties, totals, metrics — must equal the raw SQL drill's.

const BASE = randomDataset({ units: 160, years: [1398, 1402], provinces: PROVINCES, seed: 15 });
// Every third unit's grants are near 2^52, so its total spills past 2^53 (compared as bigint);
// some are equal (ties broken by id), as are many small counts and the 0/1 supported flags.
const NEAR = 2 ** 52 - 1;
const DATASET = {
  ...BASE,
  units: BASE.units.map((u, i) =>
    i % 3 === 0
      ? { ...u, grants: u.grants?.map((g, j) => ({ ...g, amount: NEAR - ((i * j) % 2) })) }
      : u,
  ),
};

describe.each(testDialects())('unit drill pages from the fact columns on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
    await attachMemoryFacts(t.db);
    if (!memoryFactsOf(t.db)) throw new Error('memory facts did not load');
  });
  afterAll(() => t.destroy());

  it('are read from memory, with totals past 2^53', async () => {
    const plans: QueryPlan[] = [];
    const stop = observePlans((plan) => plans.push(plan));
    const drill = { level: 'unit', sort: 'amount', pageSize: 5 } as const;
    const d = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, drill);
    stop();
    expect(plans[0]?.reads[0]).toMatchObject({ units: 'memory', grants: 'memory' });
    expect(BigInt(d.rows[0]?.amount ?? 0)).toBeGreaterThan(2n ** 53n);
    expect(d).toEqual(await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, drill, { source: 'raw' }));
  });

  it('equal the raw SQL drill: every sort, order and page, including past the end', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        fc.constantFrom(...METRICS),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 30 }),
        async (filters, sort, order, pageSize, page) => {
          const drill = { level: 'unit' as const, sort, order, pageSize, page };
          const raw = await getDrill(t.db, ALL_SCOPE, filters, drill, { source: 'raw' });
          expect(await getDrill(t.db, ALL_SCOPE, filters, drill)).toEqual(raw);
        },
      ),
      propertyRuns({ numRuns: 120, seed: 15 }),
    );
  });

  it('equal the raw SQL drill for whole lists (exports) at every level and sort', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb,
        fc.constantFrom(...DRILL_LEVELS),
        fc.constantFrom(...DRILL_SORTS),
        fc.constantFrom('asc' as const, 'desc' as const),
        async (filters, level, sort, order) => {
          const drill = { level, sort, order, pageSize: 'all' as const };
          const raw = await getDrill(t.db, ALL_SCOPE, filters, drill, { source: 'raw' });
          expect(await getDrill(t.db, ALL_SCOPE, filters, drill)).toEqual(raw);
        },
      ),
      propertyRuns({ numRuns: 40, seed: 16 }),
    );
  });
});
