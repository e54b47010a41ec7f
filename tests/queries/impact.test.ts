import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getImpact } from '../../server/queries/impact.ts';
import { attachMemoryFacts, memoryFactsOf } from '../../server/engine/facts/memory-facts.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { insertDataset, randomDataset, type UnitSpec } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { filtersArb, PROVINCES, scopeArb } from './arbitraries.ts';
import { propertyRuns } from '../helpers/property-runs.ts';

/**
 * Two strata with both groups, one with supported units only. Stratum A (IR-10, METL, micro):
 * supported S1 5→10; comparison C1 4→4, C2 6→8. Stratum B (IR-10, METL, small): supported S2, S3
 * 20→22 each; comparison C3 30→27. Stratum C (IR-23, FOOD, micro): supported S4 only — left out.
 */
const unit = (code: string, from: number, to: number, over: Partial<UnitSpec> = {}): UnitSpec => ({
  code,
  province: 'IR-10',
  sector: 'METL',
  employment: { 1400: from, 1402: to },
  ...over,
});
const grant = { heading: 'FIN-01', year: 1401, amount: 10 };
const UNITS: UnitSpec[] = [
  unit('S1', 5, 10, { grants: [grant] }),
  unit('C1', 4, 4),
  unit('C2', 6, 8),
  unit('S2', 20, 22, { grants: [grant] }),
  unit('S3', 20, 22, { grants: [{ ...grant, heading: 'MKT-01' }] }),
  unit('C3', 30, 27),
  unit('S4', 5, 9, { province: 'IR-23', sector: 'FOOD', grants: [grant] }),
  // A grant outside the range does not make a unit supported.
  unit('C4', 30, 33, { grants: [{ ...grant, year: 1403 }] }),
];

describe.each(testDialects())('getImpact on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, { units: UNITS });
  });
  afterAll(() => t.destroy());

  it('compares supported units with reweighted comparable units', async () => {
    const i = await getImpact(t.db, ALL_SCOPE, { ...EMPTY_FILTERS, from: 1400, to: 1402 });
    expect(i.range).toEqual({ from: 1400, to: 1402 });
    expect(i.strata).toBe(2);
    // Supported in common strata: S1, S2, S3: 45 → 54 (+20 %).
    expect(i.supported).toEqual({ units: 3, employmentFrom: 45, employmentTo: 54, changePct: 20 });
    // Comparison reweighted: A: (4+6)→(4+8) × 1/2 = 5→6; B (C3 + C4): (30+30)→(27+33) × 2/2 = 60→60.
    expect(i.comparison.units).toBe(4);
    expect(i.comparison.employmentFrom).toBe(65);
    expect(i.comparison.employmentTo).toBe(66);
    expect(i.comparison.changePct).toBeCloseTo((1 / 65) * 100, 10);
    expect(i.differencePct).toBeCloseTo(20 - (1 / 65) * 100, 10);
  });

  it('narrows the supported group to the selected headings', async () => {
    const i = await getImpact(t.db, ALL_SCOPE, {
      ...EMPTY_FILTERS,
      from: 1400,
      to: 1402,
      heading: ['MKT-01'],
    });
    // Only S3 (stratum B); S1/S2/S4 are supported under other headings: in neither group.
    expect(i.strata).toBe(1);
    expect(i.supported).toEqual({ units: 1, employmentFrom: 20, employmentTo: 22, changePct: 10 });
    expect(i.comparison).toMatchObject({ units: 2, employmentFrom: 30, employmentTo: 30 });
  });

  it('answers empty groups without dividing by zero', async () => {
    const i = await getImpact(t.db, { provinces: ['IR-23'] }, EMPTY_FILTERS);
    expect(i.strata).toBe(0);
    expect(i.supported.changePct).toBeNull();
    expect(i.differencePct).toBeNull();
  });
});

describe.each(testDialects())('getImpact from the in-memory facts on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(
      t.db,
      randomDataset({ units: 200, years: [1398, 1402], provinces: PROVINCES, seed: 17 }),
    );
    await attachMemoryFacts(t.db);
    if (!memoryFactsOf(t.db)) throw new Error('memory facts did not load');
  });
  afterAll(() => t.destroy());

  it('is planned as a pass over the facts, and answers the fixture as above', async () => {
    const plans: QueryPlan[] = [];
    const stop = observePlans((plan) => plans.push(plan));
    await getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS);
    stop();
    expect(plans[0]?.unitScan).toBe('memory');
  });

  it('equals the raw SQL for every filter and scope', async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb, filtersArb, async (scope, filters) => {
        // Filters naming members outside the scope are refused alike.
        const settle = (p: Promise<unknown>) => p.catch((error: unknown) => String(error));
        const raw = await settle(getImpact(t.db, scope, filters, { source: 'raw' }));
        expect(await settle(getImpact(t.db, scope, filters))).toEqual(raw);
      }),
      propertyRuns({ numRuns: 150, seed: 17 }),
    );
  });
});
