import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getDrill } from '../../server/queries/drill.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { attachMemoryFacts, memoryFactsOf } from '../../server/engine/facts/memory-facts.ts';
import { observePlans, type QueryPlan } from '../../server/engine/planner/query-plan.ts';
import { insertDataset, randomDataset, withDrillNames } from '../helpers/builders.ts';
import { PROVINCES } from './arbitraries.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const SOURCES = ['raw', 'auto'] as const;

describe.each(testDialects())('getDrill on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it.each(SOURCES)('lists units with their attributes, sorted by a metric (%s)', async (source) => {
    const d = await getDrill(
      t.db,
      ALL_SCOPE,
      EMPTY_FILTERS,
      { level: 'unit', sort: 'amount' },
      { source },
    );
    expect(d.total).toBe(4);
    expect(d.rows.map((r) => [r.code, r.amount])).toEqual([
      ['U2', '1000'],
      ['U1', '300'],
      ['U3', '7'],
      ['U5', '0'],
    ]);
    expect(d.rows[1]).toMatchObject({
      province: 'IR-10',
      sector: 'METL',
      park: 'P1',
      cluster: null,
      units: 1,
      employment: 12,
      supportedUnits: 1,
      coverage: 1,
    });
    expect(d.rows[3]).toMatchObject({ cluster: 'K1', park: null });
  });

  it.each(SOURCES)('pages (%s)', async (source) => {
    const page = await getDrill(
      t.db,
      ALL_SCOPE,
      EMPTY_FILTERS,
      { level: 'unit', sort: 'code', order: 'desc', page: 1, pageSize: 3 },
      { source },
    );
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.code)).toEqual(['U1']);
  });

  it.each(SOURCES)('lists exactly the units counted, as many as the KPI (%s)', async (source) => {
    // 1400–1401: U3 was paid in 1400 but has no row in 1401, so it is not a counted unit.
    const filters = { ...EMPTY_FILTERS, from: 1400, to: 1401 };
    const d = await getDrill(t.db, ALL_SCOPE, filters, { level: 'unit', sort: 'code' }, { source });
    const summary = await getSummary(t.db, ALL_SCOPE, filters, { source });
    expect(d.rows.map((r) => r.code)).toEqual(['U1', 'U2', 'U4', 'U5']);
    expect(d.total).toBe(summary.current.units);
  });

  it.each(SOURCES)('lists parks and clusters (%s)', async (source) => {
    const parks = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, { level: 'park' }, { source });
    expect(parks.rows).toEqual([
      {
        code: 'P1',
        nameFa: 'شهرک P1',
        nameEn: 'Park P1',
        province: 'IR-10',
        units: 1,
        employment: 12,
        supportedUnits: 1,
        coverage: 1,
        grants: 2,
        amount: '300',
        employmentChange: 0,
      },
    ]);
    const clusters = await getDrill(
      t.db,
      ALL_SCOPE,
      { ...EMPTY_FILTERS, from: 1401 },
      { level: 'cluster' },
      { source },
    );
    expect(clusters.rows).toEqual([
      expect.objectContaining({ code: 'K1', sector: 'METL', units: 1, employment: 6, grants: 0 }),
    ]);
  });
});

// Sorted by name or code, a unit drill with the facts loaded pages from rank columns
// (unit-order.ts, unit-page.ts): the same rows as the grouped drill over the raw tables, in the
// order localeCompare(…, 'fa') gives, ties by id — worked out here from the units table.
const NAMED = withDrillNames(
  randomDataset({ units: 83, years: [1399, 1402], provinces: PROVINCES, seed: 41 }),
);

describe.each(testDialects())(
  'getDrill by name and code from the fact columns on %s',
  (dialect) => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb(dialect);
      await insertDataset(t.db, NAMED);
      await rebuildRollups(t.db);
      await attachMemoryFacts(t.db);
      if (!memoryFactsOf(t.db)) throw new Error('memory facts did not load');
    });
    afterAll(() => t.destroy());

    it.each([
      ['name', 'asc'],
      ['name', 'desc'],
      ['code', 'asc'],
      ['code', 'desc'],
    ] as const)(
      'orders by %s %s as localeCompare, ties by id, on every page',
      async (sort, order) => {
        const units = await t.db.selectFrom('units').select(['id', 'code', 'name_fa']).execute();
        const plans: QueryPlan[] = [];
        const stop = observePlans((plan) => plans.push(plan));
        const whole = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, {
          level: 'unit',
          sort,
          order,
          pageSize: 'all',
        });
        stop();
        expect(plans[0]?.reads[0]).toMatchObject({ units: 'memory', grants: 'memory' });
        const byCode = new Map(units.map((u) => [u.code, u]));
        const key = (code: string) => {
          const u = byCode.get(code);
          return { id: Number(u?.id), text: (sort === 'name' ? u?.name_fa : u?.code) ?? '' };
        };
        const sign = order === 'asc' ? 1 : -1;
        const expected = whole.rows
          .map((r) => r.code)
          .sort((a, b) => {
            const x = key(a);
            const y = key(b);
            return sign * x.text.localeCompare(y.text, 'fa') || x.id - y.id;
          });
        expect(whole.rows.map((r) => r.code)).toEqual(expected);
        // The data has ties (equal and equally collated strings) for the id to break.
        const texts = whole.rows.map((r) => key(r.code).text);
        expect(texts.some((s, i) => i > 0 && s.localeCompare(texts[i - 1] ?? '', 'fa') === 0)).toBe(
          true,
        );
        const raw = await getDrill(
          t.db,
          ALL_SCOPE,
          EMPTY_FILTERS,
          { level: 'unit', sort, order, pageSize: 'all' },
          { source: 'raw' },
        );
        expect(whole).toEqual(raw);
        // Pages and export slices are pieces of the same list.
        const paged = [];
        for (let page = 0; page * 7 < whole.total; page++) {
          const p = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, {
            level: 'unit',
            sort,
            order,
            page,
            pageSize: 7,
          });
          expect(p.total).toBe(whole.total);
          paged.push(...p.rows);
        }
        expect(paged).toEqual(whole.rows);
        const slice = await getDrill(t.db, ALL_SCOPE, EMPTY_FILTERS, {
          level: 'unit',
          sort,
          order,
          slice: { offset: 30, count: 40 },
        });
        expect(slice.rows).toEqual(whole.rows.slice(30, 70));
      },
    );
  },
);
