import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../server/domain/dimensions.ts';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import type { Scope } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { getDimensions } from '../../server/queries/dimensions.ts';
import { DRILL_LEVELS, getDrill } from '../../server/queries/drill.ts';
import { FilterValidationError } from '../../server/engine/filters/errors.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset, randomDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES } from './arbitraries.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

const DATASET = randomDataset({ units: 120, years: [1398, 1402], provinces: PROVINCES, seed: 21 });

const scopeArb: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({ provinces: 'all' }),
  fc.subarray([...PROVINCES, 'IR-05']).map((provinces): Scope => ({ provinces })),
);
const sourceArb = fc.constantFrom<'auto' | 'raw'>('auto', 'raw');

const inScope = (scope: Scope, code: string | undefined) =>
  scope.provinces === 'all' || (code !== undefined && scope.provinces.includes(code));

/** Totals computed in JS straight from the dataset spec: the scope's units and disbursed grants. */
function expectedTotals(scope: Scope) {
  const units = DATASET.units.filter((u) => inScope(scope, u.province));
  const grants = units.flatMap((u) => (u.grants ?? []).filter((g) => g.status === 'disbursed'));
  return {
    units: units.filter((u) => u.employment[1402] !== undefined).length,
    employment: units.reduce((s, u) => s + (u.employment[1402] ?? 0), 0),
    grants: grants.length,
    amount: String(grants.reduce((s, g) => s + g.amount, 0)),
    // Only among the units counted in `to` (1402), so coverage stays within 0…1.
    supportedUnits: units.filter(
      (u) =>
        u.employment[1402] !== undefined && (u.grants ?? []).some((g) => g.status === 'disbursed'),
    ).length,
  };
}

describe.each(testDialects())('scope on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, DATASET);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it('totals equal the scoped raw data', async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb, sourceArb, async (scope, source) => {
        const s = await getSummary(t.db, scope, EMPTY_FILTERS, { source });
        expect(s.current).toMatchObject(expectedTotals(scope));
      }),
      propertyRuns({ numRuns: 25, seed: 31 }),
    );
  });

  it('no breakdown key or drill row comes from outside the scope', async () => {
    await fc.assert(
      fc.asyncProperty(
        scopeArb,
        filtersArb,
        fc.constantFrom(...DIMENSIONS),
        fc.constantFrom(...DRILL_LEVELS),
        sourceArb,
        async (scope, filters, by2, level, source) => {
          // Parks and clusters outside the scope are unknown to the caller: a clear 400.
          const hidden = [...filters.park, ...filters.cluster].some((code) => {
            const p = DATASET.parks?.find((x) => x.code === code);
            const c = DATASET.clusters?.find((x) => x.code === code);
            return !inScope(scope, (p ?? c)?.province);
          });
          if (hidden) {
            await expect(getSummary(t.db, scope, filters, { source })).rejects.toThrow(
              FilterValidationError,
            );
            return;
          }
          const b = await getBreakdown(
            t.db,
            scope,
            filters,
            { by: 'province', by2: by2 === 'province' ? undefined : by2, limit: 500 },
            { source },
          );
          for (const row of b.rows) expect(inScope(scope, row.key)).toBe(true);
          const d = await getDrill(t.db, scope, filters, { level, pageSize: 200 }, { source });
          for (const row of d.rows) expect(inScope(scope, row.province)).toBe(true);
          if (scope.provinces !== 'all' && scope.provinces.every((p) => p === 'IR-05')) {
            expect(b.total).toMatchObject({ units: 0, grants: 0, supportedUnits: 0 });
            expect(d.total).toBe(0);
          }
        },
      ),
      propertyRuns({ numRuns: 60, seed: 32 }),
    );
  });

  it('dimension lists hold only parks and clusters inside the scope', async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb, async (scope) => {
        const d = await getDimensions(t.db, scope);
        for (const p of d.parks) expect(inScope(scope, p.province)).toBe(true);
        for (const c of d.clusters) expect(inScope(scope, c.province)).toBe(true);
      }),
      propertyRuns({ numRuns: 15, seed: 33 }),
    );
  });
});
