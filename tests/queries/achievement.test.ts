import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { jalaliToday } from '../../server/domain/jalali.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getPlan, getViewTargets } from '../../server/queries/achievement.ts';
import { createContext } from '../../server/routers/context.ts';
import { appRouter } from '../../server/routers/index.ts';
import { createCallerFactory } from '../../server/routers/trpc.ts';
import { insertDataset, insertTargets, type TargetSpec } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

/**
 * The fixture's 1402 actuals (tests/queries/summary.test.ts works them out): amount 1200 (U1 200
 * FIN-01, U2 1000 MKT-01; the rejected and the applied grants do not count), grants 2, supported
 * units 2 (U1, U2), units 4 (IR-10: U1, U2, U5; IR-23: U3). 1401: amount 100 (U1 FIN-01).
 */
export const PLAN_FIXTURE: TargetSpec[] = [
  { year: 1402, metric: 'amount', value: 1250 },
  { year: 1402, metric: 'grants', value: 4 },
  { year: 1402, metric: 'supportedUnits', value: 4 },
  { year: 1402, province: 'IR-10', metric: 'amount', value: 1500 },
  { year: 1402, province: 'IR-10', metric: 'units', value: 3 },
  { year: 1402, province: 'IR-23', metric: 'units', value: 2 },
  { year: 1402, support: 'FIN', metric: 'amount', value: 400 },
  { year: 1402, support: 'MKT', metric: 'amount', value: 800 },
  { year: 1401, metric: 'amount', value: 200 },
];

const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });
/** 1 Mehr 1402: day 187 of 365 (Esfand 1402 has 29 days). */
const MEHR_1402 = { year: 1402, month: 7, day: 1 };
const AFTER = { year: 1404, month: 1, day: 1 };

describe.each(testDialects())('achievement on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await insertTargets(t.db, PLAN_FIXTURE);
  });
  afterAll(() => t.destroy());

  it('divides the view’s actual by the target of exactly its year, place and support', async () => {
    const { targets } = await getViewTargets(t.db, ALL_SCOPE, f({ from: 1402, to: 1402 }), AFTER);
    expect(targets.amount).toMatchObject({
      target: '1250',
      achievement: 0.96,
      pace: 1,
      current: false,
      missing: [],
    });
    expect(targets.grants.target).toBe('4');
    expect(targets.supportedUnits.target).toBe('4');
    // No national units target, and only 2 of 31 provinces have one: no invented total.
    expect(targets.units).toMatchObject({ target: null, reason: null });
    expect(targets.units.missing).toHaveLength(29);
    expect(targets.units.missing.map((m) => m.province)).not.toContain('IR-10');
    expect(targets.units.missing[0]).toEqual({ year: 1402, province: 'IR-00', support: null });
    expect(targets.employment).toMatchObject({ target: null, missing: [] });

    const plan = await getPlan(
      t.db,
      ALL_SCOPE,
      f({ from: 1402, to: 1402 }),
      { metric: 'amount', by: 'province' },
      AFTER,
    );
    expect(plan.total).toMatchObject({ actual: '1200', target: '1250', achievement: 0.96 });
    expect(plan.rows).toEqual([
      {
        key: 'IR-10',
        nameFa: 'اصفهان',
        nameEn: 'Isfahan',
        actual: '1200',
        target: '1500',
        achievement: 0.8,
      },
    ]);
    expect(plan.withoutTarget).toEqual([]);
  });

  it('ranks by category with every group’s own target', async () => {
    const plan = await getPlan(
      t.db,
      ALL_SCOPE,
      f({ from: 1402, to: 1402 }),
      { metric: 'amount', by: 'category' },
      AFTER,
    );
    expect(plan.rows.map((r) => [r.key, r.actual, r.target, r.achievement])).toEqual([
      ['MKT', '1000', '800', 1.25],
      ['FIN', '200', '400', 0.5],
    ]);
    const fin = await getViewTargets(
      t.db,
      ALL_SCOPE,
      f({ from: 1402, to: 1402, category: ['FIN'] }),
      AFTER,
    );
    expect(fin.targets.amount.target).toBe('400');
    // Units count every unit whatever its support: the «همه» target, none here.
    expect(fin.targets.grants.target).toBeNull();
  });

  it('sums flows over the years of the period, and says which years lack a target', async () => {
    const two = await getViewTargets(t.db, ALL_SCOPE, f({ from: 1401, to: 1402 }), MEHR_1402);
    // 200 (1401, over) + 1250 (1402, 187 of 365 days gone)
    expect(two.targets.amount.target).toBe('1450');
    expect(two.targets.amount.pace).toBeCloseTo((200 + (1250 * 187) / 365) / 1450, 12);
    expect(two.targets.amount.current).toBe(true);
    expect(two.targets.supportedUnits).toMatchObject({ target: null, reason: 'multiYear' });
    expect(two.targets.grants.missing).toEqual([{ year: 1401, province: null, support: null }]);

    const three = await getViewTargets(t.db, ALL_SCOPE, EMPTY_FILTERS, MEHR_1402);
    expect(three.period).toEqual({ from: 1400, to: 1402 });
    expect(three.targets.amount.target).toBeNull();
    expect(three.targets.amount.missing).toEqual([{ year: 1400, province: null, support: null }]);
  });

  it('has no target for what no plan states (a sector, a park, a size)', async () => {
    const { targets } = await getViewTargets(
      t.db,
      ALL_SCOPE,
      f({ to: 1402, from: 1402, sector: ['METL'] }),
      AFTER,
    );
    expect(targets.amount).toMatchObject({ target: null, reason: 'filters' });
  });

  it("a provincial caller sees only their province's targets, never the whole country's", async () => {
    const scope = { provinces: ['IR-23'] };
    const view = await getViewTargets(t.db, scope, f({ from: 1402, to: 1402 }), AFTER);
    expect(view.targets.units.target).toBe('2');
    expect(view.targets.amount.target).toBeNull();
    expect(view.targets.amount.missing).toEqual([]);
    const plan = await getPlan(
      t.db,
      scope,
      f({ from: 1402, to: 1402 }),
      { metric: 'units', by: 'province' },
      AFTER,
    );
    expect(plan.total).toMatchObject({ actual: 1, target: '2', achievement: 0.5 });
    expect(plan.rows.map((r) => r.key)).toEqual(['IR-23']);
    const national = await getPlan(
      t.db,
      ALL_SCOPE,
      f({ from: 1402, to: 1402 }),
      { metric: 'units', by: 'province' },
      AFTER,
    );
    expect(national.rows.map((r) => [r.key, r.actual, r.target, r.achievement])).toEqual([
      ['IR-10', 3, '3', 1],
      ['IR-23', 1, '2', 0.5],
    ]);
    expect(national.total).toMatchObject({ actual: 4, target: null });
  });

  it('the router reads the pace from the context clock, in Iran’s calendar day', async () => {
    // 2023-09-23 is 1 Mehr 1402 in Tehran.
    const now = () => new Date('2023-09-22T21:00:00Z');
    expect(jalaliToday(now())).toEqual(MEHR_1402);
    const caller = createCallerFactory(appRouter)(
      createContext({ db: t.db, scope: ALL_SCOPE, now }),
    );
    const r = await caller.stats.targets({ filters: { from: 1402, to: 1402 } });
    expect(r.targets.amount.pace).toBeCloseTo(187 / 365, 12);
    const p = await caller.stats.plan({
      filters: { from: 1402, to: 1402 },
      metric: 'grants',
      by: 'heading',
    });
    expect(p.total).toMatchObject({ actual: 2, target: '4', achievement: 0.5 });
    expect(p.withoutTarget.sort()).toEqual(['FIN-01', 'MKT-01']);
  });
});
