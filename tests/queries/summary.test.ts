import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../server/domain/filters.ts';
import { ALL_SCOPE } from '../../server/domain/scope.ts';
import { getSummary } from '../../server/queries/summary.ts';
import { insertDataset } from '../helpers/builders.ts';
import { createTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FIXTURE } from './fixture.ts';

const f = (over: Partial<Filters>): Filters => ({ ...EMPTY_FILTERS, ...over });

describe.each(testDialects())('getSummary on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    await insertDataset(t.db, FIXTURE);
  });
  afterAll(() => t.destroy());

  it('defaults to the dataset range and has no previous range before the data', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, EMPTY_FILTERS);
    expect(s.range).toEqual({ from: 1400, to: 1402 });
    expect(s.current).toEqual({
      units: 4,
      employment: 93,
      supportedUnits: 3,
      coverage: 0.75,
      grants: 4,
      amount: '1307',
      employmentChange: 0,
    });
    expect(s.previousRange).toBeNull();
    expect(s.previous).toBeNull();
  });

  it('counts employment change over units present in both years', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1401, to: 1402 }));
    expect(s.current).toMatchObject({ units: 4, employmentChange: 2, supportedUnits: 2 });
    expect(s.current.amount).toBe('1300');
  });

  it('compares with the same-length previous range', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1402, to: 1402 }));
    expect(s.previousRange).toEqual({ from: 1401, to: 1401 });
    expect(s.previous).toEqual({
      units: 4,
      employment: 79,
      supportedUnits: 1,
      coverage: 0.25,
      grants: 1,
      amount: '100',
      employmentChange: 0,
    });
  });

  it('uses the size in `to` for every metric', async () => {
    // Small in 1402: U1 (12) and U3 (20). U1 was micro (5) when its 1401 grant was paid: the
    // grant still counts, as the grant of a unit that is small in `to`.
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1401, to: 1402, size: ['small'] }));
    expect(s.current).toEqual({
      units: 2,
      employment: 32,
      supportedUnits: 1,
      coverage: 0.5,
      grants: 2,
      amount: '300',
      employmentChange: 7,
    });
  });

  it('counts supported units only among the units counted in `to`', async () => {
    // 1400–1401: U3 was paid in 1400 but has no row in 1401, so it is not among the 4 units
    // counted; only U1 (paid in 1401) is. Before issue #13 this said 2 supported units.
    const s = await getSummary(t.db, ALL_SCOPE, f({ from: 1400, to: 1401 }));
    expect(s.current).toMatchObject({
      units: 4,
      supportedUnits: 1,
      coverage: 0.25,
      // Flows stay whole: U3's grant was paid, whatever became of the unit.
      grants: 2,
      amount: '107',
    });
    const only1400 = await getSummary(t.db, ALL_SCOPE, f({ from: 1400, to: 1400 }));
    expect(only1400.current).toMatchObject({
      units: 0,
      supportedUnits: 0,
      coverage: null,
      grants: 1,
    });
  });

  it('applies heading filters to support metrics only', async () => {
    const s = await getSummary(t.db, ALL_SCOPE, f({ category: ['MKT'] }));
    expect(s.current).toMatchObject({ units: 4, supportedUnits: 1, grants: 1, amount: '1000' });
    const both = await getSummary(t.db, ALL_SCOPE, f({ category: ['MKT'], heading: ['FIN-01'] }));
    expect(both.current).toMatchObject({ units: 4, supportedUnits: 0, grants: 0, amount: '0' });
  });

  it('applies the scope in SQL', async () => {
    const s = await getSummary(t.db, { provinces: ['IR-23'] }, EMPTY_FILTERS);
    expect(s.current).toMatchObject({ units: 1, employment: 20, supportedUnits: 1, amount: '7' });
    const outside = await getSummary(t.db, { provinces: ['IR-23'] }, f({ province: ['IR-10'] }));
    expect(outside.current).toMatchObject({ units: 0, grants: 0, coverage: null });
  });

  it('rejects unknown park codes with a readable error', async () => {
    await expect(getSummary(t.db, ALL_SCOPE, f({ park: ['NOPE'] }))).rejects.toThrow(
      /unknown park code "NOPE"/,
    );
    // A park outside the scope is unknown to that caller.
    await expect(getSummary(t.db, { provinces: ['IR-23'] }, f({ park: ['P1'] }))).rejects.toThrow(
      /unknown park/,
    );
  });

  it('names the unknown park first when parks and clusters are both unknown, every time', async () => {
    // The two lookups run at once; on PostgreSQL either may finish first.
    const both = f({ park: ['NOPE'], cluster: ['NADA'] });
    const messages = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await getSummary(t.db, ALL_SCOPE, both).catch((e: unknown) => messages.add(String(e)));
    }
    expect([...messages]).toEqual([expect.stringMatching(/unknown park code "NOPE"/)]);
  });
});
