import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE, type Scope } from '../../server/domain/scope.ts';
import { getImpact } from '../../server/queries/impact.ts';
import {
  attachMemoryFacts,
  memoryFactsOf,
  type MemoryFacts,
} from '../../server/engine/facts/memory-facts.ts';
import { impactPaths } from '../../server/engine/memory/memory-impact.ts';
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
    for (const path of Object.keys(impactPaths) as (keyof typeof impactPaths)[]) {
      impactPaths[path] = 0;
    }
  });
  afterAll(() => t.destroy());

  it('is planned as a pass over the facts, and answers the fixture as above', async () => {
    const plans: QueryPlan[] = [];
    const stop = observePlans((plan) => plans.push(plan));
    await getImpact(t.db, ALL_SCOPE, EMPTY_FILTERS);
    stop();
    expect(plans[0]?.unitScan).toBe('memory');
  });

  // Cases the random filters reach rarely: whole categories over part of the years (a unit's
  // category mask must meet the range), parks checked beside a narrower cluster list.
  const all = { provinces: 'all' } as const;
  const EXAMPLES: [Scope, Filters][] = [
    [all, { ...EMPTY_FILTERS, category: ['FIN'], from: 1400, to: 1400 }],
    [all, { ...EMPTY_FILTERS, category: ['MKT', 'TEC'], from: 1399, to: 1401 }],
    [all, { ...EMPTY_FILTERS, category: ['FIN'], size: ['small'], from: 1398, to: 1399 }],
    // More pairs than the province's units: the category masks beside the cells.
    [
      all,
      { ...EMPTY_FILTERS, category: ['FIN', 'MKT'], province: ['IR-10'], from: 1399, to: 1401 },
    ],
    [all, { ...EMPTY_FILTERS, park: ['P0A'], cluster: ['C0', 'C1', 'C2', 'C3'] }],
    [all, { ...EMPTY_FILTERS, cluster: ['C0'], park: ['P0A', 'P0B', 'P1A', 'P1B', 'P2A'] }],
  ];
  // The facts as a worker holds them: with their cells, before the cells are built (the unit
  // pass over the year masks), and without the unit-year index (more than 32 years: the grants).
  const variants: [string, Partial<MemoryFacts>][] = [
    ['with the cells', {}],
    // The supported group by the unit pass beside the impact cells (as whole categories with
    // more pairs than units take it).
    ['with the impact cells alone', { byHeading: null }],
    ['before the cells', { byImpact: null, byHeading: null }],
    ['without the unit-year index', { years: null, byImpact: null, byHeading: null }],
  ];
  it.each(variants)('equals the raw SQL for every filter and scope, %s', async (_, without) => {
    const facts = memoryFactsOf(t.db);
    if (!facts) throw new Error('no facts');
    const kept = { ...facts };
    Object.assign(facts, without);
    try {
      await fc.assert(
        fc.asyncProperty(scopeArb, filtersArb, async (scope, filters) => {
          // Filters naming members outside the scope are refused alike.
          const settle = (p: Promise<unknown>) => p.catch((error: unknown) => String(error));
          const raw = await settle(getImpact(t.db, scope, filters, { source: 'raw' }));
          expect(await settle(getImpact(t.db, scope, filters))).toEqual(raw);
        }),
        propertyRuns({ numRuns: 150, seed: 17, examples: EXAMPLES }),
      );
    } finally {
      Object.assign(facts, kept);
    }
  });

  it('reached every way the facts answer', () => {
    // After the properties above (vitest runs a file's tests in order).
    for (const path of Object.keys(impactPaths) as (keyof typeof impactPaths)[]) {
      expect(impactPaths[path], path).toBeGreaterThan(0);
    }
  });
});
