import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getBreakdown } from '../../server/queries/breakdown.ts';
import { rebuildRollups } from '../../server/engine/rollups/rollups.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });
const SOURCES = ['raw', 'auto'] as const;

describe.each(testDialects())('getBreakdown on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
    await rebuildRollups(t.db);
  });
  afterAll(() => t.destroy());

  it.each(SOURCES)('by province (%s)', async (source) => {
    const b = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'province' }, { source });
    expect(b.by2).toBeNull();
    expect(b.rows).toEqual([
      {
        key: 'IR-10',
        nameFa: expect.any(String) as string,
        nameEn: expect.any(String) as string,
        units: 3,
        employment: 73,
        supportedUnits: 2,
        coverage: 2 / 3,
        grants: 3,
        amount: '1300',
        employmentChange: 0,
      },
      expect.objectContaining({ key: 'IR-23', units: 1, employment: 20, amount: '7' }),
    ]);
    expect(b.others).toBeNull();
    expect(b.total).toMatchObject({ units: 4, supportedUnits: 3, amount: '1307' });
  });

  it.each(SOURCES)('by heading broadcasts unit metrics (%s)', async (source) => {
    const b = await getBreakdown(
      t.db,
      ALL_SCOPE,
      EMPTY_FILTERS,
      { by: 'heading', sort: 'grants' },
      { source },
    );
    expect(b.rows.map((r) => [r.key, r.grants, r.amount, r.supportedUnits, r.units])).toEqual([
      ['FIN-01', 2, '300', 1, 4],
      ['FIN-02', 1, '7', 1, 4],
      ['MKT-01', 1, '1000', 1, 4],
    ]);
    expect(b.rows[0]?.coverage).toBe(0.25);
  });

  it.each(SOURCES)(
    'folds rows past the limit into others, recounting distinct units (%s)',
    async (source) => {
      const b = await getBreakdown(
        t.db,
        ALL_SCOPE,
        EMPTY_FILTERS,
        { by: 'heading', sort: 'grants', limit: 1 },
        { source },
      );
      expect(b.rows.map((r) => r.key)).toEqual(['FIN-01']);
      expect(b.others).toEqual({
        key: 'others',
        nameFa: 'سایر',
        nameEn: 'Others',
        units: 4,
        employment: 93,
        supportedUnits: 2,
        coverage: 0.5,
        grants: 2,
        amount: '1007',
        employmentChange: 0,
      });
    },
  );

  it.each(SOURCES)('by year evaluates each year alone (%s)', async (source) => {
    const b = await getBreakdown(
      t.db,
      ALL_SCOPE,
      EMPTY_FILTERS,
      { by: 'year', sort: 'units', order: 'asc' },
      { source },
    );
    expect(
      b.rows.map((r) => [r.key, r.units, r.employment, r.employmentChange, r.grants, r.amount]),
    ).toEqual([
      ['1400', 0, 0, 0, 1, '7'],
      ['1401', 4, 79, 0, 1, '100'],
      ['1402', 4, 93, 2, 2, '1200'],
    ]);
    expect(b.rows[0]?.coverage).toBeNull();
  });

  it.each(SOURCES)(
    'by a pair: size × year, with grants without a size left out (%s)',
    async (source) => {
      const b = await getBreakdown(
        t.db,
        ALL_SCOPE,
        f({ from: 1401 }),
        { by: 'size', by2: 'year', sort: 'units' },
        { source },
      );
      const cells = b.rows.map((r) => [r.key, r.key2, r.units, r.grants]);
      expect(cells).toEqual([
        ['micro', '1401', 3, 1],
        ['small', '1402', 2, 1],
        ['medium', '1401', 1, 0],
        ['medium', '1402', 1, 1],
        ['micro', '1402', 1, 0],
      ]);
      expect(b.rows[0]).toMatchObject({ name2Fa: '1401', name2En: '1401' });
    },
  );

  it.each(SOURCES)('by park leaves out units outside any park (%s)', async (source) => {
    const b = await getBreakdown(t.db, ALL_SCOPE, EMPTY_FILTERS, { by: 'park' }, { source });
    expect(b.rows).toEqual([
      expect.objectContaining({ key: 'P1', nameEn: 'Park P1', units: 1, grants: 2, amount: '300' }),
    ]);
  });
});
